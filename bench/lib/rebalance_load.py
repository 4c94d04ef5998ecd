"""A rebalance that moves about half the buckets under load, timed from the outside. Sends GETs
through the proxy to one base in each of the 256 buckets, round robin, from THREADS threads on
kept-alive connections, and records each request's start, latency, bucket and status. Then:
a quiet phase (the baseline), a drain of one node (every bucket it owns moves, through the
handoff), a second quiet phase, and its undrain, whose rebalance moves about as many back. For each move it watches
the assign-xx keys in etcd (JSON gateway) until every moving bucket has its new owner and no
handoff is open, and prints the move's duration and the latency of requests to the moving buckets
beside the others, during the move and in the baseline.
Usage: rebalance_load.py proxy-port admin-port etcd-port node-to-drain [threads] [baseline-s]"""
import base64
import http.client
import json
import sys
import threading
import time
import urllib.request

TIMEOUT_S = 60  # a move that takes longer than this is reported as unfinished
MAX_REQUESTS = 2_000_000  # a bound on the load, whatever happens


def etcd_range(port, prefix):
    key = base64.b64encode(prefix.encode()).decode()
    end = base64.b64encode((prefix[:-1] + chr(ord(prefix[-1]) + 1)).encode()).decode()
    body = json.dumps({"key": key, "range_end": end}).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}/v3/kv/range", data=body,
                                     headers={"Content-Type": "application/json"})
    kvs = json.load(urllib.request.urlopen(request, timeout=5)).get("kvs", [])
    return {base64.b64decode(kv["key"]).decode(): base64.b64decode(kv["value"]).decode() for kv in kvs}


def owners(etcd_port):
    return {k[len("assign-"):]: v for k, v in etcd_range(etcd_port, "assign-").items()}


def handoffs_open(etcd_port):
    """The buckets in handoff now (dtable-cluster/handoff/xx)."""
    return {k.rsplit("/", 1)[1] for k in etcd_range(etcd_port, "dtable-cluster/handoff/")}


def post(admin_port, path):
    request = urllib.request.Request(f"http://127.0.0.1:{admin_port}{path}", data=b"", method="POST")
    with urllib.request.urlopen(request, timeout=TIMEOUT_S) as answer:
        return json.load(answer)


class Load:
    def __init__(self, proxy_port, threads):
        self.port = proxy_port
        self.paths = [f"/api/v1/dtables/{b:02x}000000-0000-4000-8000-{b:012x}/rows/" for b in range(256)]
        self.records = []  # (start, seconds, bucket, status), appended under the GIL
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self.run, args=(i,), daemon=True) for i in range(threads)]

    def run(self, index):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT_S)
        i = index * 37
        while not self.stop.is_set() and len(self.records) < MAX_REQUESTS:
            bucket = i % 256
            i += 1
            start = time.perf_counter()
            try:
                connection.request("GET", self.paths[bucket])
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                status = 0
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT_S)
            self.records.append((start, time.perf_counter() - start, bucket, status))

    def window(self, start, end):
        return [r for r in self.records if start <= r[0] < end]


def percentile(values, p):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def line(label, records):
    ms = [r[1] * 1000 for r in records]
    errors = sum(1 for r in records if not 200 <= r[3] < 300)
    return (f"    {label:<34} {len(records):7d} requests  p50 {percentile(ms, 50):8.2f} ms  "
            f"p99 {percentile(ms, 99):8.2f} ms  max {max(ms, default=float('nan')):8.2f} ms  non-2xx {errors}")


def move(load, etcd_port, admin_port, label, path, baseline):
    before = owners(etcd_port)
    t0 = time.perf_counter()
    answer = post(admin_port, path)
    answered = time.perf_counter()
    moves = {m["bucket"]: m["to"] for m in answer.get("moves", [])}
    done = {}
    handoff_seen = {}  # bucket -> when its handoff key was first seen
    while time.perf_counter() - t0 < TIMEOUT_S:
        now = owners(etcd_port)
        in_handoff = handoffs_open(etcd_port)
        t = time.perf_counter()
        for bucket in in_handoff:
            handoff_seen.setdefault(bucket, t)
        for bucket, target in moves.items():
            if bucket not in done and now.get(bucket) == target:
                done[bucket] = t
        if len(done) == len(moves) and not in_handoff:
            break
        time.sleep(0.02)
    end = time.perf_counter()
    moving = {int(b, 16) for b in moves}
    during = load.window(t0, end)
    print(f"  {label}: POST {path} moved {len(moves)} buckets "
          f"({sum(1 for b in moves if before.get(b) != moves[b])} changed owner); "
          f"answered in {(answered - t0) * 1000:.0f} ms, every moving bucket at its new owner and no "
          f"handoff open after {(end - t0) * 1000:.0f} ms"
          + ("" if len(done) == len(moves) else f" -- UNFINISHED: {len(moves) - len(done)} buckets not moved"))
    if done:
        flips = sorted((t - t0) * 1000 for t in done.values())
        print(f"    bucket reached its new owner after: first {flips[0]:.0f} ms, median "
              f"{percentile(flips, 50):.0f} ms, last {flips[-1]:.0f} ms")
    print(line("baseline, buckets that move", [r for r in baseline if r[2] in moving]))
    print(line("baseline, other buckets", [r for r in baseline if r[2] not in moving]))
    print(line("during the move, moving buckets", [r for r in during if r[2] in moving]))
    print(line("during the move, other buckets", [r for r in during if r[2] not in moving]))
    # A request to a bucket sent while its handoff was open is held by the proxy until it ends.
    held = [r for r in during if f"{r[2]:02x}" in handoff_seen and f"{r[2]:02x}" in done
            and handoff_seen[f"{r[2]:02x}"] <= r[0] < done[f"{r[2]:02x}"]]
    print(line("sent while its bucket's handoff ran", held))
    spans = sorted((done[b] - handoff_seen[b]) * 1000 for b in handoff_seen if b in done)
    if spans:
        print(f"    handoffs seen: {len(spans)}, open for p50 {percentile(spans, 50):.0f} ms, "
              f"p99 {percentile(spans, 99):.0f} ms (as polled every 20 ms)")
    return end


def main():
    proxy_port, admin_port, etcd_port, node = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    threads = int(sys.argv[5]) if len(sys.argv) > 5 else 8
    baseline_s = float(sys.argv[6]) if len(sys.argv) > 6 else 5
    load = Load(proxy_port, threads)
    for t in load.threads:
        t.start()
    try:
        time.sleep(2)  # warm-up, not reported
        start = time.perf_counter()
        time.sleep(baseline_s)
        baseline = load.window(start, time.perf_counter())
        split = {}
        for owner in owners(etcd_port).values():
            split[owner] = split.get(owner, 0) + 1
        print(f"  load: {threads} threads, GET rows of one base per bucket, round robin; buckets per node "
              f"before: {json.dumps(split, sort_keys=True)}")
        move(load, etcd_port, admin_port, "drain", f"/nodes/{node}/drain", baseline)
        start = time.perf_counter()
        time.sleep(baseline_s)
        baseline = load.window(start, time.perf_counter())
        move(load, etcd_port, admin_port, "undrain (its rebalance moves them back)", f"/nodes/{node}/undrain", baseline)
    finally:
        load.stop.set()
        for t in load.threads:
            t.join(TIMEOUT_S)


if __name__ == "__main__":
    main()
