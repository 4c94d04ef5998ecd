"""Time from an assign-xx change in etcd until every proxy routes by it. Flips the owner of one
bucket between two nodes whose backends answer different bodies, through etcd's JSON gateway
(no client library needed), and polls every proxy over a kept-alive connection until each
answers with the new owner's body. Prints p50/p99/max over the flips.
Usage: propagation.py etcd-port bucket-key path flips body-of-node... -- proxy-port..."""
import base64
import http.client
import json
import statistics
import sys
import time
import urllib.request


def put(etcd_port, key, value):
    body = json.dumps({"key": base64.b64encode(key.encode()).decode(),
                       "value": base64.b64encode(value.encode()).decode()}).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{etcd_port}/v3/kv/put", data=body,
                                     headers={"Content-Type": "application/json"})
    urllib.request.urlopen(request, timeout=5).read()


def main():
    args = sys.argv[1:]
    split = args.index("--")
    etcd_port, key, path, flips = args[0], args[1], args[2], int(args[3])
    owners = dict(pair.split("=", 1) for pair in args[4:split])  # node id -> body
    proxies = [http.client.HTTPConnection("127.0.0.1", int(p), timeout=5) for p in args[split + 1:]]
    nodes = sorted(owners)
    both, each = [], []
    for flip in range(flips):
        node = nodes[(flip + 1) % len(nodes)]
        start = time.perf_counter()
        put(etcd_port, key, node)
        pending = set(range(len(proxies)))
        deadline = start + 5
        while pending:
            for i in list(pending):
                proxies[i].request("GET", path)
                answer = proxies[i].getresponse().read().decode()
                if answer == owners[node]:
                    pending.discard(i)
                    each.append(time.perf_counter() - start)
            if time.perf_counter() > deadline:
                print(f"flip {flip}: proxies {sorted(pending)} still route to the old owner after 5 s", file=sys.stderr)
                sys.exit(1)
        both.append(time.perf_counter() - start)
        time.sleep(0.05)

    def line(label, values):
        ms = sorted(v * 1000 for v in values)
        p99 = ms[min(len(ms) - 1, int(round(len(ms) * 0.99)) - 1)]
        print(f"  {label:34} p50 {statistics.median(ms):7.1f} ms   p99 {p99:7.1f} ms   max {ms[-1]:7.1f} ms")

    print(f"assign change -> routed by the proxies ({flips} flips of {key}, {len(proxies)} proxies, "
          f"measured from the put to etcd):")
    line("every proxy routes by it", both)
    line("each proxy", each)


if __name__ == "__main__":
    main()
