package org.dtablecluster.jmx;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import org.dtablecluster.proxy.ProxyMetrics;

/** The Proxy MBean: a read-only window on {@link ProxyMetrics}. */
final class ProxyBean implements ProxyMXBean {

    private final ProxyMetrics metrics;

    ProxyBean(ProxyMetrics metrics) {
        this.metrics = requireNonNull(metrics, "metrics is null");
    }

    @Override
    public long getRequestsForwarded() {
        return metrics.forwardedTotal();
    }

    @Override
    public Map<String, Long> getForwardedByNode() {
        return metrics.forwardedByNode();
    }

    @Override
    public Map<String, Long> getErrorsByKind() {
        return metrics.errorsByCode();
    }

    @Override
    public long getErrors() {
        return metrics.errorsByCode().values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public long getClientAborts() {
        return metrics.clientAborts();
    }

    @Override
    public int getOpenTunnels() {
        return metrics.tunnels().openTotal();
    }

    @Override
    public Map<String, Integer> getOpenTunnelsByNode() {
        return metrics.tunnels().openByNode();
    }

    @Override
    public Map<String, Long> getTunnelsClosedByReason() {
        return metrics.tunnels().closedByReason();
    }

    @Override
    public int getRequestsHeldNow() {
        return metrics.heldNow();
    }

    @Override
    public long getRequestsHeld() {
        return metrics.heldTotal();
    }

    @Override
    public long getHeldExpired() {
        return metrics.heldExpiredTotal();
    }

    @Override
    public long getHeldRejected() {
        return metrics.heldRejectedTotal();
    }

    @Override
    public long getRetriesAfter421() {
        return metrics.retriedTotal();
    }

    @Override
    public long getViewStaleAnswers() {
        return metrics.viewStaleTotal();
    }
}
