package org.dtablecluster.tunnel;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.dtablecluster.proxy.TunnelClosure;
import org.dtablecluster.proxy.TunnelMetrics;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.view.ClusterSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open tunnels of this proxy, by bucket, and the bound on how many may be open.
 *
 * <p>{@link #closeBucket} is the one way to end a bucket's tunnels: {@link #sweep} calls it when
 * a snapshot moves the bucket or loses its owner, and a bucket handoff may call it when the move
 * starts. A tunnel registered after a sweep is checked against the current snapshot at once, so
 * one opened on a stale snapshot does not outlive the move.
 */
public final class TunnelRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(TunnelRegistry.class);
    /** Index 0 holds tunnels whose request named no base; index b + 1 those of bucket b. */
    private final List<Set<Tunnel>> byBucket = new ArrayList<>();
    private final AtomicInteger reserved = new AtomicInteger();
    private final int maxTunnels;
    private final TunnelMetrics metrics;
    private final Supplier<ClusterSnapshot> current;

    public TunnelRegistry(int maxTunnels, TunnelMetrics metrics, Supplier<ClusterSnapshot> current) {
        this.maxTunnels = maxTunnels;
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.current = requireNonNull(current, "current is null");
        for (int i = 0; i <= Assignment.BUCKETS; i++) {
            byBucket.add(ConcurrentHashMap.newKeySet());
        }
    }

    /** Takes one of the {@code maxTunnels} places for a tunnel about to open; false when none is left. */
    boolean tryReserve() {
        while (true) {
            int now = reserved.get();
            if (now >= maxTunnels) {
                return false;
            }
            if (reserved.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    void release() {
        reserved.decrementAndGet();
    }

    /** Tunnels open or opening, as counted against {@code maxTunnels}. */
    public int reserved() {
        return reserved.get();
    }

    void add(Tunnel tunnel) {
        slot(tunnel.bucket()).add(tunnel);
        metrics.opened(tunnel.nodeId());
        TunnelClosure verdict = TunnelVerdicts.verdict(tunnel.bucket(), tunnel.nodeId(), current.get());
        if (verdict != null) {
            tunnel.close(verdict, why(verdict));
        }
    }

    void remove(Tunnel tunnel, TunnelClosure reason) {
        if (slot(tunnel.bucket()).remove(tunnel)) {
            metrics.closed(tunnel.nodeId(), reason);
        }
    }

    /**
     * Closes every open tunnel of {@code bucket} (-1: those that named no base) with
     * {@code reason}'s close code.
     *
     * @return how many were closed
     */
    public int closeBucket(int bucket, TunnelClosure reason) {
        int closed = 0;
        for (Tunnel tunnel : List.copyOf(slot(bucket))) {
            tunnel.close(reason, why(reason));
            closed++;
        }
        return closed;
    }

    /** Closes the tunnels that {@code snapshot} no longer routes to where they go. */
    public void sweep(ClusterSnapshot snapshot) {
        for (int i = 0; i < byBucket.size(); i++) {
            for (Tunnel tunnel : byBucket.get(i)) {
                TunnelClosure verdict = TunnelVerdicts.verdict(tunnel.bucket(), tunnel.nodeId(), snapshot);
                if (verdict != null) {
                    LOG.info("[node={} bucket={} rev={}] closing tunnel: {}", tunnel.nodeId(), tunnel.bucketText(),
                            snapshot.revision(), verdict.key());
                    tunnel.close(verdict, why(verdict));
                }
            }
        }
    }

    /** Closes every tunnel, for a proxy that stops. */
    public void closeAll(TunnelClosure reason) {
        for (int bucket = -1; bucket < Assignment.BUCKETS; bucket++) {
            closeBucket(bucket, reason);
        }
    }

    private Set<Tunnel> slot(int bucket) {
        return byBucket.get(bucket + 1);
    }

    private static String why(TunnelClosure reason) {
        return switch (reason) {
            case BUCKET_MOVED -> "bucket moved; reconnect";
            case OWNER_LOST -> "dtable-server lost; reconnect";
            case PROXY_STOPPING -> "proxy stopping";
            default -> reason.key();
        };
    }
}
