package org.dtablecluster.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import jakarta.servlet.ServletRequest;

/**
 * What the proxy's request path records because nothing else keeps it: each answered request's
 * latency and status class, by the node it was forwarded to ({@value #NO_NODE} when the proxy
 * answered itself). The proxy servlet names the node ({@link #forwardedTo}); {@link ProxyTimingFilter}
 * measures and calls {@link #completed}.
 */
public final class ProxyRequests {

    /** The node label of requests the proxy answered without forwarding them. */
    public static final String NO_NODE = "none";

    private static final String NODE_ATTRIBUTE = ProxyRequests.class.getName() + ".node";
    private static final String[] STATUS_CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};
    private static final double NANOS_PER_SECOND = 1e9;

    private final Histogram duration;
    private final Counter responses;

    ProxyRequests(ClusterMetrics metrics) {
        duration = metrics.durationHistogram("dtable_cluster_proxy_request_duration_seconds",
                "Time from receiving a request on the proxy port to its answer's end, by node",
                ClusterMetrics.LATENCY_BUCKETS, "node");
        responses = metrics.countedCounter("dtable_cluster_proxy_responses_total",
                "Requests answered on the proxy port, by node and status class", "node", "status_class");
    }

    /** Marks {@code request} as forwarded to {@code nodeId}: the label its latency is recorded under. */
    public static void forwardedTo(ServletRequest request, String nodeId) {
        request.setAttribute(NODE_ATTRIBUTE, nodeId);
    }

    /** The node {@code request} was forwarded to, or {@value #NO_NODE}. */
    static String nodeOf(ServletRequest request) {
        return request.getAttribute(NODE_ATTRIBUTE) instanceof String id ? id : NO_NODE;
    }

    void completed(String node, int status, long nanos) {
        duration.labelValues(node).observe(Math.max(0, nanos) / NANOS_PER_SECOND);
        responses.labelValues(node, statusClass(status)).inc();
    }

    static String statusClass(int status) {
        int hundreds = status / 100;
        return hundreds >= 1 && hundreds <= 5 ? STATUS_CLASSES[hundreds - 1] : "other";
    }

}
