package org.dtablecluster.proxy;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the proxy, cheap enough for every request: requests forwarded per node, errors per
 * kind, client aborts. Thread-safe; reads are snapshots. A request that is forwarded and then
 * fails counts in both.
 */
public final class ProxyMetrics {

    private final ConcurrentHashMap<String, LongAdder> forwarded = new ConcurrentHashMap<>();
    private final Map<ProxyError, LongAdder> errors;
    private final LongAdder clientAborts = new LongAdder();
    private final TunnelMetrics tunnels = new TunnelMetrics();

    public ProxyMetrics() {
        Map<ProxyError, LongAdder> map = new EnumMap<>(ProxyError.class);
        for (ProxyError kind : ProxyError.values()) {
            map.put(kind, new LongAdder());
        }
        this.errors = Collections.unmodifiableMap(map);
    }

    public void forwarded(String nodeId) {
        LongAdder counter = forwarded.get(nodeId);
        if (counter == null) {
            counter = forwarded.computeIfAbsent(nodeId, id -> new LongAdder());
        }
        counter.increment();
    }

    public void error(ProxyError kind) {
        errors.get(kind).increment();
    }

    /** The client went away or its request body failed while being forwarded. */
    public void clientAborted() {
        clientAborts.increment();
    }

    public long forwardedTo(String nodeId) {
        LongAdder counter = forwarded.get(nodeId);
        return counter == null ? 0 : counter.sum();
    }

    /** Forwarded requests by node id, sorted; nodes never forwarded to are absent. */
    public Map<String, Long> forwardedByNode() {
        Map<String, Long> snapshot = new TreeMap<>();
        forwarded.forEach((node, counter) -> snapshot.put(node, counter.sum()));
        return Collections.unmodifiableMap(snapshot);
    }

    public long forwardedTotal() {
        return forwarded.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public long errors(ProxyError kind) {
        return errors.get(kind).sum();
    }

    /** Every kind by its stable code, zeros included, in declaration order. */
    public Map<String, Long> errorsByCode() {
        Map<String, Long> snapshot = new LinkedHashMap<>();
        errors.forEach((kind, counter) -> snapshot.put(kind.code(), counter.sum()));
        return Collections.unmodifiableMap(snapshot);
    }

    public long clientAborts() {
        return clientAborts.sum();
    }

    /** The WebSocket tunnels' counters. */
    public TunnelMetrics tunnels() {
        return tunnels;
    }
}
