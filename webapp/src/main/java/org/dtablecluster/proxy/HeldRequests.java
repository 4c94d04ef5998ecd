package org.dtablecluster.proxy;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.dtablecluster.config.HandoffSettings;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.view.ClusterSnapshot;
import org.dtablecluster.view.ClusterView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The requests this proxy holds (OWNERSHIP.md, step 2): those of buckets the {@link OwnershipGate}
 * holds, and those a dtable-server refused with 421 while the view still names it, which wait for
 * the view to change. Each snapshot, and a timer for what time alone ends (a best-effort release,
 * the view going stale), hands the buckets no longer held back to {@code resume}, which routes
 * them afresh; requests that waited {@code proxy_hold_timeout_seconds} go to {@code expire}.
 */
final class HeldRequests implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HeldRequests.class);
    private static final long TICK_MILLIS = 100;

    private final ClusterView view;
    private final HandoffSettings settings;
    private final LegacyMoves legacy;
    private final ProxyMetrics metrics;
    private final LongSupplier clock;
    private final HoldQueue<Exchange> moving;
    private final HoldQueue<Exchange> refused;
    /** Per bucket, the node whose refusal the parked requests wait to see change. */
    private final AtomicReferenceArray<String> refusedBy = new AtomicReferenceArray<>(Assignment.BUCKETS);
    private final Consumer<Exchange> resume;
    private final Consumer<Exchange> expire;
    private final ScheduledExecutorService timer;
    private final AutoCloseable subscription;

    HeldRequests(ClusterView view, HandoffSettings settings, ProxyMetrics metrics, LongSupplier clock,
            Consumer<Exchange> resume, Consumer<Exchange> expire) {
        this.view = requireNonNull(view, "view is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.resume = requireNonNull(resume, "resume is null");
        this.expire = requireNonNull(expire, "expire is null");
        this.legacy = new LegacyMoves(settings.legacyRelease());
        this.moving = new HoldQueue<>(settings.holdMaxRequests(), settings.holdTimeout());
        this.refused = new HoldQueue<>(settings.holdMaxRequests(), settings.holdTimeout());
        metrics.heldNowFrom(() -> moving.size() + refused.size());
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "proxy-holds");
            t.setDaemon(true);
            return t;
        });
        this.subscription = view.subscribe(this::onSnapshot);
        timer.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The gate's answer for {@code bucket} of {@code snapshot} now. */
    OwnershipGate.Verdict check(ClusterSnapshot snapshot, int bucket) {
        long now = clock.getAsLong();
        return OwnershipGate.check(snapshot, bucket, now, legacy, view.staleness(now), settings.staleAfter());
    }

    /** Suspends and parks the request until its bucket may be routed; false when the queue is full. */
    boolean park(int bucket, Exchange exchange) {
        exchange.suspend();
        exchange.bucket(bucket);
        return counted(moving.offer(bucket, exchange, clock.getAsLong()));
    }

    /**
     * Parks a refused request until the view holds its bucket or names another owner than the node
     * that refused it; false when the queue is full.
     */
    boolean parkUntilChange(int bucket, Exchange exchange) {
        exchange.suspend();
        exchange.bucket(bucket);
        refusedBy.set(bucket, exchange.refusedBy());
        return counted(refused.offer(bucket, exchange, clock.getAsLong()));
    }

    private boolean counted(boolean parked) {
        if (parked) {
            metrics.held();
        } else {
            metrics.heldRejected();
        }
        return parked;
    }

    private void onSnapshot(ClusterSnapshot snapshot) {
        legacy.observe(snapshot, clock.getAsLong());
        release(snapshot);
    }

    private void tick() {
        try {
            long now = clock.getAsLong();
            for (Exchange e : moving.expire(now)) {
                expired(e);
            }
            for (Exchange e : refused.expire(now)) {
                expired(e);
            }
            release(view.current());
        } catch (RuntimeException e) {
            LOG.warn("releasing or expiring held requests failed", e);
        }
    }

    private void release(ClusterSnapshot snapshot) {
        long now = clock.getAsLong();
        // A stale view holds nothing: routed again, each request gets its 503 view_stale.
        boolean stale = view.staleness(now).compareTo(settings.staleAfter()) > 0;
        // With no node live at all, routing answers 503 no_live_node before any hold: so do the held.
        boolean noneLive = snapshot.liveNodes().isEmpty();
        List<Exchange> free = moving.releaseWhere(
                b -> !stale && !noneLive && OwnershipGate.held(snapshot, b, now, legacy));
        free.addAll(refused.releaseWhere(b -> !stale && !OwnershipGate.held(snapshot, b, now, legacy)
                && snapshot.liveOwner(b) != null && snapshot.liveOwner(b).nodeId().equals(refusedBy.get(b))));
        for (Exchange e : free) {
            if (!e.finished()) {
                resume.accept(e);
            }
        }
    }

    private void expired(Exchange e) {
        metrics.heldExpired();
        if (!e.finished()) {
            expire.accept(e);
        }
    }

    @Override
    public void close() {
        try {
            subscription.close();
        } catch (Exception e) {
            LOG.debug("unsubscribing held requests failed", e);
        }
        timer.shutdownNow();
        for (Exchange e : moving.drainAll()) {
            expired(e);
        }
        for (Exchange e : refused.drainAll()) {
            expired(e);
        }
    }

    /** The record of best-effort moves, for tests. */
    LegacyMoves legacy() {
        return legacy;
    }
}
