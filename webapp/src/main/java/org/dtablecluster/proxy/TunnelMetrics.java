package org.dtablecluster.proxy;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the WebSocket tunnels: open tunnels per owner node (a gauge) and tunnels closed by
 * {@link TunnelClosure} since start. Thread-safe; reads are snapshots.
 */
public final class TunnelMetrics {

    private final ConcurrentHashMap<String, AtomicInteger> open = new ConcurrentHashMap<>();
    private final Map<TunnelClosure, LongAdder> closed;
    private final LongAdder opened = new LongAdder();

    public TunnelMetrics() {
        Map<TunnelClosure, LongAdder> map = new EnumMap<>(TunnelClosure.class);
        for (TunnelClosure reason : TunnelClosure.values()) {
            map.put(reason, new LongAdder());
        }
        this.closed = Collections.unmodifiableMap(map);
    }

    public void opened(String nodeId) {
        open.computeIfAbsent(nodeId, id -> new AtomicInteger()).incrementAndGet();
        opened.increment();
    }

    public void closed(String nodeId, TunnelClosure reason) {
        AtomicInteger counter = open.get(nodeId);
        if (counter != null) {
            counter.decrementAndGet();
        }
        closed.get(reason).increment();
    }

    /** Open tunnels by owner node id, sorted; nodes that never had one are absent. */
    public Map<String, Integer> openByNode() {
        Map<String, Integer> snapshot = new TreeMap<>();
        open.forEach((node, counter) -> snapshot.put(node, counter.get()));
        return Collections.unmodifiableMap(snapshot);
    }

    public int openTotal() {
        return open.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** Tunnels opened since start. */
    public long openedTotal() {
        return opened.sum();
    }

    public long closed(TunnelClosure reason) {
        return closed.get(reason).sum();
    }

    /** Closed tunnels by {@link TunnelClosure#key()}, zeros included, in declaration order. */
    public Map<String, Long> closedByReason() {
        Map<String, Long> snapshot = new LinkedHashMap<>();
        closed.forEach((reason, counter) -> snapshot.put(reason.key(), counter.sum()));
        return Collections.unmodifiableMap(snapshot);
    }
}
