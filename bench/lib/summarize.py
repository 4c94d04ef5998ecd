"""Summarises bench/peers-bench's results: one line per (mode, round, target) with
'mode round target rps p50_ms p99_ms cpu_us_per_request [heap_mb rss_mb]'."""
import statistics
import sys
from collections import defaultdict

TARGETS = ["backend", "nginx", "nginx-keepalive", "haproxy", "jetty-core", "dtable-cluster"]


def main(path):
    rows = defaultdict(dict)  # (mode, round) -> target -> figures
    modes = []
    with open(path) as f:
        for line in f:
            parts = line.split()
            mode, rnd, target = parts[0], int(parts[1]), parts[2]
            figures = [float(x) for x in parts[3:]]
            rows[(mode, rnd)][target] = figures
            if mode not in modes:
                modes.append(mode)
    for mode in modes:
        rounds = [r for (m, r) in rows if m == mode]
        print(f"{mode}:")
        print(f"  {'target':15} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'CPU us/req':>11}   (median of {len(rounds)} rounds; best req/s)")
        for t in TARGETS:
            figs = [rows[(mode, r)][t] for r in rounds if t in rows[(mode, r)]]
            if not figs:
                continue
            rps = statistics.median(f[0] for f in figs)
            p50 = statistics.median(f[1] for f in figs)
            p99 = statistics.median(f[2] for f in figs)
            cpu = statistics.median(f[3] for f in figs)
            best = max(f[0] for f in figs)
            print(f"  {t:15} {rps:9.0f} {p50:8.2f} {p99:8.2f} {cpu:11.1f}   best {best:.0f}")

        def ratio(num, den, index):
            values = [rows[(mode, r)][num][index] / rows[(mode, r)][den][index]
                      for r in rounds if num in rows[(mode, r)] and den in rows[(mode, r)]]
            return (statistics.median(values) if values else None), values

        for label, num, den, index, target in [
            ("throughput dtable-cluster / nginx", "dtable-cluster", "nginx", 0, ">= 1.0"),
            ("throughput dtable-cluster / HAProxy", "dtable-cluster", "haproxy", 0, ">= 0.5 unpinned"),
            ("throughput dtable-cluster / backend", "dtable-cluster", "backend", 0, ""),
            ("throughput dtable-cluster / nginx-keepalive", "dtable-cluster", "nginx-keepalive", 0, ""),
            ("throughput dtable-cluster / jetty-core", "dtable-cluster", "jetty-core", 0, ""),
            ("throughput jetty-core / HAProxy", "jetty-core", "haproxy", 0, ""),
            ("p99 dtable-cluster / nginx", "dtable-cluster", "nginx", 2, "<= 1.5"),
            ("p99 jetty-core / nginx", "jetty-core", "nginx", 2, ""),
            ("CPU per request dtable-cluster / jetty-core", "dtable-cluster", "jetty-core", 3, ""),
            ("CPU per request dtable-cluster / nginx", "dtable-cluster", "nginx", 3, ""),
            ("CPU per request jetty-core / HAProxy", "jetty-core", "haproxy", 3, ""),
        ]:
            median, values = ratio(num, den, index)
            if not values:
                continue
            each = " ".join(f"{v:.2f}" for v in values)
            print(f"  {label:44} {median:5.2f}   rounds: {each}{'   target ' + target if target else ''}")
        memory = [rows[(mode, r)]["dtable-cluster"][4:] for r in rounds
                  if len(rows[(mode, r)].get("dtable-cluster", [])) == 6]
        if memory:
            heap = max(m[0] for m in memory)
            rss = max(m[1] for m in memory)
            print(f"  dtable-cluster under load: heap in use <= {heap:.0f} MB (target 256), RSS <= {rss:.0f} MB (target 400)")


if __name__ == "__main__":
    main(sys.argv[1])
