# Shared by the benchmarks in bench/: the trivial backend, the peers, etcd and dtable-cluster on
# the real jetty-home, all on loopback, on free ephemeral ports, stopped when the script ends.
# Needs bin/lib/common.sh sourced first and ROOT set to the repository.

ensure_bench_tools() {
    ensure_build_tools
    ensure_etcd
    ensure_command wrk wrk
    ensure_command nginx nginx
    ensure_command haproxy haproxy
    ensure_command taskset util-linux
    command -v jcmd >/dev/null 2>&1 || { echo "bench: jcmd (a JDK) is required" >&2; return 1; }
}

# DIST, JETTY_HOME and WAR_DIR of the distribution build; builds it when missing.
locate_build() {
    DIST=$(ls -d "$ROOT"/distribution/target/dtable-cluster-*/ 2>/dev/null | head -n 1 || true)
    JETTY_HOME=$(ls -d "$ROOT"/distribution/target/jetty-home-*/ 2>/dev/null | head -n 1 || true)
    if [ -z "$DIST" ] || [ -z "$JETTY_HOME" ]; then
        echo "building dtable-cluster (mvn package)..."
        (cd "$ROOT" && mvn -B -q -ntp -DskipTests package -pl distribution -am)
        DIST=$(ls -d "$ROOT"/distribution/target/dtable-cluster-*/ | head -n 1)
        JETTY_HOME=$(ls -d "$ROOT"/distribution/target/jetty-home-*/ | head -n 1)
    fi
    WAR_DIR=$ROOT/webapp/target/dtable-cluster
}

# RUN: a fresh directory; every pid in PIDS is stopped and RUN removed on exit (KEEP=1 keeps it).
bench_run_dir() { # name
    RUN=$(mktemp -d -t "dtable-cluster-$1.XXXXXX")
    PIDS=()
    trap bench_cleanup EXIT INT TERM
}

bench_cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    if [ "${KEEP:-0}" = 1 ]; then echo "run directory kept: $RUN"; else rm -rf "$RUN"; fi
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

load_average() {
    cut -d' ' -f1-3 /proc/loadavg
}

wait_for_url() { # url what log
    for _ in $(seq 1 300); do
        curl -fs -o /dev/null "$1" && return 0
        sleep 0.2
    done
    echo "$2 did not come up at $1; its log:" >&2
    tail -n 40 "$3" >&2
    return 1
}

nginx_common() { # dir
    cat <<EOF
daemon off;
worker_processes auto;
pid $1/nginx.pid;
error_log $1/error.log warn;
events { worker_connections 4096; }
EOF
}

nginx_http_common() { # dir
    cat <<EOF
    access_log off;
    client_body_temp_path $1/body;
    proxy_temp_path $1/proxy;
    fastcgi_temp_path $1/fastcgi;
    uwsgi_temp_path $1/uwsgi;
    scgi_temp_path $1/scgi;
    keepalive_requests 1000000;
EOF
}

# The trivial backend: nginx answering every request with a fixed small JSON body.
start_backend_nginx() { # dir port body
    mkdir -p "$1"
    {
        nginx_common "$1"
        echo "http {"
        nginx_http_common "$1"
        echo "    server { listen 127.0.0.1:$2; default_type application/json; location / { return 200 '$3'; } }"
        echo "}"
    } > "$1/nginx.conf"
    nginx -p "$1" -c "$1/nginx.conf" > "$1/stdout.log" 2>&1 &
    PIDS+=($!)
    wait_for_url "http://127.0.0.1:$2/" "backend nginx" "$1/error.log"
}

# nginx in SeaTable's multi-server style: a map of one regex per bucket on the request URI picks
# the upstream, which gets HTTP/1.0 and a new connection per request as in SeaTable's nginx.conf;
# keepalive=1 instead keeps HTTP/1.1 connections to it open (not SeaTable's config, but faster).
start_peer_nginx() { # dir port backend-port [keepalive]
    local keepalive=${4:-0}
    mkdir -p "$1"
    {
        nginx_common "$1"
        echo "http {"
        nginx_http_common "$1"
        echo "    upstream dtable_server_01 { server 127.0.0.1:$3;$([ "$keepalive" = 1 ] && echo ' keepalive 64;') }"
        echo "    map \$uri \$dtable_server {"
        echo "        default dtable_server_01;"
        for b in $(seq 0 255); do printf '        ~^/api/v1/dtables/%02x dtable_server_01;\n' "$b"; done
        echo "    }"
        echo "    server {"
        echo "        listen 127.0.0.1:$2;"
        echo "        location / {"
        echo "            proxy_pass http://\$dtable_server;"
        if [ "$keepalive" = 1 ]; then
            echo "            proxy_http_version 1.1;"
            echo "            proxy_set_header Connection \"\";"
        fi
        echo "            proxy_set_header X-Forwarded-For \$remote_addr;"
        echo "        }"
        echo "    }"
        echo "}"
    } > "$1/nginx.conf"
    nginx -p "$1" -c "$1/nginx.conf" > "$1/stdout.log" 2>&1 &
    PIDS+=($!)
    wait_for_url "http://127.0.0.1:$2/ping/" "nginx proxy" "$1/error.log"
}

# HAProxy: the bucket (first two hex digits of the base id in the path) looked up in a map file.
start_peer_haproxy() { # dir port backend-port
    mkdir -p "$1"
    for b in $(seq 0 255); do printf '%02x dtable_server_01\n' "$b"; done > "$1/buckets.map"
    cat > "$1/haproxy.cfg" <<EOF
global
    maxconn 8192
defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s
    option http-keep-alive
    http-reuse always
frontend proxy
    bind 127.0.0.1:$2
    http-request set-var(txn.bucket) path,field(5,/),bytes(0,2)
    use_backend %[var(txn.bucket),map($1/buckets.map,dtable_server_01)]
    default_backend dtable_server_01
backend dtable_server_01
    option forwardfor
    server s1 127.0.0.1:$3
EOF
    haproxy -db -f "$1/haproxy.cfg" > "$1/haproxy.log" 2>&1 &
    PIDS+=($!)
    wait_for_url "http://127.0.0.1:$2/ping/" haproxy "$1/haproxy.log"
}

# Jetty's own core ProxyHandler.Reverse (bench/src/JettyReverseProxy.java) in front of the
# backend, with the proxy's JVM options: what proxying costs on Jetty before dtable-cluster adds
# routing, ownership, metrics and the servlet layer. A reference, not a peer.
start_jetty_reverse() { # dir port backend-port
    local lib=${JETTY_HOME%/}/lib
    (exec java "${PROXY_JAVA_OPTS[@]}" -cp "$lib/*:$lib/logging/*:$lib/compression/*" \
        "$ROOT/bench/src/JettyReverseProxy.java" "$2" "$3") > "$1.log" 2>&1 &
    PIDS+=($!)
    wait_for_url "http://127.0.0.1:$2/" "Jetty ProxyHandler" "$1.log"
}

start_etcd() { # dir client-port
    local peer
    peer=$(free_port)
    etcd --name bench --data-dir "$1" --logger=zap --log-level=error \
        --listen-client-urls "http://127.0.0.1:$2" --advertise-client-urls "http://127.0.0.1:$2" \
        --listen-peer-urls "http://127.0.0.1:$peer" --initial-advertise-peer-urls "http://127.0.0.1:$peer" \
        --initial-cluster "bench=http://127.0.0.1:$peer" > "$1.log" 2>&1 &
    PIDS+=($!)
    wait_for_url "http://127.0.0.1:$2/health" etcd "$1.log"
}

# A node as the node agent registers it (no lease: the benchmark's node never dies).
register_node() { # etcd-port node-id url
    etcdctl --endpoints "127.0.0.1:$1" put "$2" \
        "{\"node_id\":\"$2\",\"node_url\":\"$3\",\"local_node_url\":\"$3\"}" >/dev/null
}

wait_for_owner() { # etcd-port bucket node-id
    for _ in $(seq 1 150); do
        [ "$(etcdctl --endpoints "127.0.0.1:$1" get "assign-$2" --print-value-only)" = "$3" ] && return 0
        sleep 0.2
    done
    echo "bucket $2 never went to $3" >&2
    return 1
}

# dtable-cluster's proxy: the distribution's jetty-base on the real jetty-home; sets PROXY_PID.
# roles: a JSON array for the config's "roles", or empty for the default (proxy and monitor).
# PROXY_EXTRA_CONFIG: more keys for cluster_config, e.g. '"legacy_release_seconds": 0'.
start_proxy() { # dir etcd-port proxy-port admin-port roles
    cp -r "$DIST/jetty-base" "$1"
    printf '{"cluster_config": {"etcd_host_list": ["127.0.0.1:%s"], "monitor_reregister_grace_seconds": 1%s%s}}\n' \
        "$2" "${5:+, \"roles\": $5}" "${PROXY_EXTRA_CONFIG:+, $PROXY_EXTRA_CONFIG}" > "$1/etc/dtable_server_config.json"
    (cd "$1" && exec java "${PROXY_JAVA_OPTS[@]}" -jar "${JETTY_HOME%/}/start.jar" jetty.base="$1" \
        -Ddtable.cluster.proxy.port="$3" -Ddtable.cluster.admin.port="$4") > "$1.log" 2>&1 &
    PROXY_PID=$!
    PIDS+=("$PROXY_PID")
    wait_for_url "http://127.0.0.1:$4/status" "dtable-cluster" "$1.log"
}

# Every process started so far, with the children of each (nginx's workers).
server_pids() {
    local pid
    for pid in "${PIDS[@]}"; do
        echo "$pid"
        pgrep -P "$pid" || true
    done
}

# A JFR recording (the JDK's own profiler) of the proxy under one more load run, and its hottest
# frames. JFR samples Java frames only: time in syscalls and wake-ups does not show.
profile_proxy() { # pid jfr-file url wrk-prefix...
    local pid=$1 file=$2 url=$3
    shift 3
    jcmd "$pid" JFR.start name=bench settings=profile filename="$file" >/dev/null
    "$@" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" "$url" | awk '/Requests\/sec/ {print "   under the profiler: " $2 " req/s"}'
    jcmd "$pid" JFR.stop name=bench >/dev/null
    echo "   JFR ($file):"
    python3 "$ROOT/bench/lib/jfr_top.py" "$file" | sed 's/^/   /'
}
