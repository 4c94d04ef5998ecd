package org.dtablecluster.proxy;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

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
    private final LongAdder held = new LongAdder();
    private final LongAdder heldExpired = new LongAdder();
    private final LongAdder heldRejected = new LongAdder();
    private final LongAdder retried = new LongAdder();
    private volatile IntSupplier heldNow = () -> 0;

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

    /** A request was parked while its bucket may not be routed. */
    public void held() {
        held.increment();
    }

    /** A parked request waited {@code proxy_hold_timeout_seconds} and got 503. */
    public void heldExpired() {
        heldExpired.increment();
    }

    /** A request was not parked because {@code proxy_hold_max_requests} wait already; it got 503. */
    public void heldRejected() {
        heldRejected.increment();
    }

    /** A request a dtable-server refused with 421 was sent once more. */
    public void retried() {
        retried.increment();
    }

    /** Where {@link #heldNow()} comes from: the proxy's hold queues. */
    public void heldNowFrom(IntSupplier source) {
        this.heldNow = source;
    }

    /** Requests parked now. */
    public int heldNow() {
        return heldNow.getAsInt();
    }

    /** Requests ever parked (a request parked twice counts twice). */
    public long heldTotal() {
        return held.sum();
    }

    public long heldExpiredTotal() {
        return heldExpired.sum();
    }

    public long heldRejectedTotal() {
        return heldRejected.sum();
    }

    /** Requests sent once more after a 421 {@code not_owner}. */
    public long retriedTotal() {
        return retried.sum();
    }

    /** Requests answered 503 {@code view_stale}. */
    public long viewStaleTotal() {
        return errors(ProxyError.VIEW_STALE);
    }
}
