package org.dtablecluster.metrics;

import static java.util.Objects.requireNonNull;

import org.dtablecluster.proxy.ProxyMetrics;
import org.dtablecluster.proxy.TunnelMetrics;

/** The proxy's own counters ({@link ProxyMetrics}, {@link TunnelMetrics}), read at each scrape. */
final class ProxyCollectors {

    private ProxyCollectors() {
    }

    static void register(ClusterMetrics metrics, ProxyMetrics proxy) {
        requireNonNull(proxy, "proxy is null");
        TunnelMetrics tunnels = proxy.tunnels();
        metrics.counter("dtable_cluster_proxy_requests_forwarded_total",
                "Requests the proxy forwarded, by the node it chose (counted when sent)", "node",
                proxy::forwardedByNode);
        metrics.counter("dtable_cluster_proxy_errors_total",
                "Errors the proxy answered itself or met upstream, by stable error code", "code", proxy::errorsByCode);
        metrics.counter("dtable_cluster_proxy_client_aborts_total",
                "Forwarded requests whose client went away or whose body failed", proxy::clientAborts);
        metrics.gauge("dtable_cluster_proxy_tunnels_open",
                "Open WebSocket tunnels, by owner node", "node", tunnels::openByNode);
        metrics.counter("dtable_cluster_proxy_tunnels_opened_total",
                "WebSocket tunnels opened since start", tunnels::openedTotal);
        metrics.counter("dtable_cluster_proxy_tunnels_closed_total",
                "WebSocket tunnels closed since start, by reason", "reason", tunnels::closedByReason);
        metrics.gauge("dtable_cluster_proxy_requests_held",
                "Requests held now: their bucket is in handoff or has no live owner, or its server refused them",
                proxy::heldNow);
        metrics.counter("dtable_cluster_proxy_held_requests_total",
                "Requests held since start, by how their wait ended (expired: 503; rejected: the queue was full)",
                "outcome", () -> java.util.Map.of("held", proxy.heldTotal(), "expired", proxy.heldExpiredTotal(),
                        "rejected", proxy.heldRejectedTotal()));
        metrics.counter("dtable_cluster_proxy_retries_after_421_total",
                "Requests a dtable-server refused with 421 that the proxy sent once more", proxy::retriedTotal);
        metrics.counter("dtable_cluster_proxy_view_stale_total",
                "Requests answered 503 view_stale: the view was cut off from etcd too long", proxy::viewStaleTotal);
    }
}
