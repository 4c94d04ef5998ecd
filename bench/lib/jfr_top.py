"""The hottest frames of a JFR recording's execution samples: by top frame (self time) and by
any frame on the stack (total), for the first TOP entries. Usage: jfr_top.py file.jfr [TOP]"""
import collections
import json
import subprocess
import sys

APPLICATION = ("org.dtablecluster", "org.eclipse.jetty")
# Where a sample's time goes, by the first dtable-cluster or Jetty frame on its stack.
LAYERS = [
    ("dtable-cluster's own code", ("org.dtablecluster",)),
    ("Jetty's proxy servlet (AbstractProxyServlet, AsyncProxyServlet)", ("org.eclipse.jetty.ee10.proxy",)),
    ("Jetty's servlet layer (servlet channel, request wrappers, session, security)",
     ("org.eclipse.jetty.ee10", "org.eclipse.jetty.security", "org.eclipse.jetty.session")),
    ("Jetty's HTTP client", ("org.eclipse.jetty.client",)),
    ("Jetty's HTTP parsing, I/O, threads and server core (both sides)", ("org.eclipse.jetty",)),
]


def frame_name(frame):
    method = frame["method"]
    return f'{method["type"]["name"]}.{method["name"]}'.replace("/", ".")


def main(path, top):
    out = subprocess.run(["jfr", "print", "--json", "--events", "jdk.ExecutionSample", "--stack-depth", "96", path],
                         check=True, capture_output=True, text=True).stdout
    events = json.loads(out)["recording"]["events"]
    self_counts = collections.Counter()
    own_counts = collections.Counter()
    total_counts = collections.Counter()
    for event in events:
        frames = event["values"]["stackTrace"]["frames"] if event["values"].get("stackTrace") else []
        if not frames:
            continue
        names = [frame_name(f) for f in frames]
        self_counts[names[0]] += 1
        own = next((n for n in names if n.startswith(APPLICATION) and "$$Lambda" not in n), names[0])
        own_counts[own] += 1
        for name in set(names):
            if "$$Lambda" not in name:
                total_counts[name] += 1
    n = max(1, sum(self_counts.values()))
    print(f"{n} samples; self (top frame):")
    for name, count in self_counts.most_common(top):
        print(f"  {100.0 * count / n:5.1f}%  {name}")
    print("self, JDK frames charged to their Jetty or dtable-cluster caller:")
    for name, count in own_counts.most_common(top):
        print(f"  {100.0 * count / n:5.1f}%  {name}")
    print("by layer (self, JDK frames charged to their caller):")
    layers = collections.Counter()
    for name, count in own_counts.items():
        layers[next((label for label, prefixes in LAYERS if name.startswith(prefixes)), "JDK only (no caller of ours or Jetty's)")] += count
    for label, count in layers.most_common():
        print(f"  {100.0 * count / n:5.1f}%  {label}")
    print("total (anywhere on the stack), Jetty and dtable-cluster frames:")
    shown = 0
    for name, count in total_counts.most_common():
        if name.startswith(APPLICATION):
            print(f"  {100.0 * count / n:5.1f}%  {name}")
            shown += 1
            if shown == top:
                break


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 25)
