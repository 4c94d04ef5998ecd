#!/usr/bin/env bash
# A 3-member etcd on one machine, on loopback ports: for a test or staging host where the
# dtable-servers, the proxy and dtable-web all run on the same machine. (Three members on one
# machine survive a member crash, not a machine crash: production uses three hosts, see
# etcd-0N.example.com.default.)
#
#   config-samples/etcd/etcd-one-machine.sh [DATA_DIR]     (default /var/lib/etcd-one-machine)
#
# Runs in the foreground; Ctrl-C or SIGTERM stops the three members. Data survives a restart
# (the same DATA_DIR joins the existing cluster again). Logs go to DATA_DIR/etcd-N.log.
# Ports (environment): ETCD_CLIENT_PORTS="23791 23792 23793", ETCD_PEER_PORTS="23801 23802 23803".
# Debian's own etcd.service listens on 2379/2380 and does not collide with these.
#
# Then, in every dtable_server_config.json on this machine:
#   "etcd_host_list": ["127.0.0.1:23791", "127.0.0.1:23792", "127.0.0.1:23793"]
# and in dtable_web_settings.py:
#   ETCD_SERVER_HOST_LIST = ['127.0.0.1:23791', '127.0.0.1:23792', '127.0.0.1:23793']
set -euo pipefail

DATA=${1:-/var/lib/etcd-one-machine}
read -r -a CLIENT <<<"${ETCD_CLIENT_PORTS:-23791 23792 23793}"
read -r -a PEER <<<"${ETCD_PEER_PORTS:-23801 23802 23803}"
command -v etcd >/dev/null || { echo "etcd is missing: apt install etcd-server etcd-client" >&2; exit 1; }

mkdir -p "$DATA"
cluster=""
for i in 0 1 2; do cluster+="${cluster:+,}etcd-$((i + 1))=http://127.0.0.1:${PEER[$i]}"; done

pids=()
stop() {
    trap '' INT TERM
    # One member at a time: a leader stopped together with its followers waits seconds for a
    # leadership transfer that cannot happen.
    local i
    for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
        kill -TERM "${pids[$i]}" 2>/dev/null || true
        wait "${pids[$i]}" 2>/dev/null || true
    done
    echo "etcd stopped"
    exit "${1:-0}"
}
trap stop INT TERM

for i in 0 1 2; do
    name=etcd-$((i + 1))
    state=new
    [ -d "$DATA/$name/member" ] && state=existing
    etcd --name "$name" --data-dir "$DATA/$name" --logger=zap \
        --listen-peer-urls "http://127.0.0.1:${PEER[$i]}" \
        --initial-advertise-peer-urls "http://127.0.0.1:${PEER[$i]}" \
        --listen-client-urls "http://127.0.0.1:${CLIENT[$i]}" \
        --advertise-client-urls "http://127.0.0.1:${CLIENT[$i]}" \
        --initial-cluster "$cluster" --initial-cluster-state "$state" \
        --initial-cluster-token seatable-dtable-cluster \
        --auto-compaction-mode periodic --auto-compaction-retention 1 \
        >>"$DATA/$name.log" 2>&1 &
    pids+=($!)
done

endpoints=127.0.0.1:${CLIENT[0]},127.0.0.1:${CLIENT[1]},127.0.0.1:${CLIENT[2]}
for _ in $(seq 1 60); do
    if ETCDCTL_API=3 etcdctl --endpoints="$endpoints" --dial-timeout=1s endpoint health >/dev/null 2>&1; then
        echo "etcd is up: $endpoints (data and logs in $DATA); Ctrl-C stops it"
        wait
        exit 0
    fi
    for pid in "${pids[@]}"; do
        kill -0 "$pid" 2>/dev/null || { echo "an etcd member exited; see $DATA/etcd-*.log" >&2; stop 1; }
    done
    sleep 1
done
echo "etcd did not become healthy in 60 s; see $DATA/etcd-*.log" >&2
stop 1
