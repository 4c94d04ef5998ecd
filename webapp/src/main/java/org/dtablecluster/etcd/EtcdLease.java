package org.dtablecluster.etcd;

import static java.util.Objects.requireNonNull;

import io.etcd.jetcd.Lease;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.dtablecluster.concurrent.EventLoop;

/**
 * One etcd lease, and the only class that keeps leases alive: the node's registration and the
 * monitor's election both hold one.
 *
 * <p>Renewal is ours, not jetcd's streaming keepAlive, because fencing needs to know when each
 * acknowledged keep-alive was <em>sent</em>. As jetcd does, a keep-alive goes out a third of the
 * TTL after the last acknowledged one (at once again after a failed one; the loop looks every
 * {@link #tickInterval}); the monotonic instant just before it is noted, and when etcd answers
 * with a live TTL that instant becomes {@link #lastAckedSendNanos()}. etcd cannot expire the lease before
 * {@code lastAckedSendNanos + TTL} ({@link #earliestExpiryNanos()}).
 *
 * <p>Lost has one meaning: etcd answered that it does not know the lease (revoked or expired),
 * or no keep-alive was acknowledged for a whole TTL, so etcd may have expired it (what jetcd's
 * keepAlive stream reports by completing). A failed keep-alive (a stream reset, one etcd
 * member restarting) is not a loss: the next one is sent on schedule. The owner's
 * {@link LossListener} hears of a loss once, on the owner's loop.
 *
 * <p>Threads: renewals run on the owner's {@link EventLoop}; the getters may be read anywhere.
 */
public final class EtcdLease {

    /** Told once, on the owner's loop, that the lease is lost. */
    @FunctionalInterface
    public interface LossListener {
        void lost(EtcdLease lease, String reason);
    }

    private static final long MAX_TICK_MILLIS = 500;

    private final Lease client;
    private final long id;
    private final long ttlSeconds;
    private final EventLoop loop;
    private final LongSupplier nanoTime;
    private final Clock clock;
    private volatile long lastAckedSendNanos;
    private volatile Instant lastAckedAt;
    private volatile boolean lost;
    private volatile String lastError;

    // confined to the loop
    private LossListener listener;
    private ScheduledFuture<?> ticker;
    private boolean inFlight;
    private long nextSendNanos;
    private boolean stopped;

    private EtcdLease(Lease client, long id, long ttlSeconds, EventLoop loop, LongSupplier nanoTime, Clock clock,
            long grantSentNanos) {
        this.client = client;
        this.id = id;
        this.ttlSeconds = ttlSeconds;
        this.loop = loop;
        this.nanoTime = nanoTime;
        this.clock = clock;
        // etcd starts the TTL when it processes the grant, which is after we sent it
        this.lastAckedSendNanos = grantSentNanos;
        this.nextSendNanos = grantSentNanos + renewPeriodNanos();
    }

    /**
     * Grants a lease of {@code ttlSeconds}; it is not renewed until {@link #keepAlive}.
     *
     * @param nanoTime the monotonic clock, {@code System::nanoTime} outside tests
     * @param clock the wall clock, only for {@link #lastAckedAt()}
     */
    public static CompletableFuture<EtcdLease> grant(Lease client, long ttlSeconds, EventLoop loop,
            LongSupplier nanoTime, Clock clock) {
        requireNonNull(client, "client is null");
        requireNonNull(loop, "loop is null");
        requireNonNull(nanoTime, "nanoTime is null");
        requireNonNull(clock, "clock is null");
        if (ttlSeconds < 1) {
            throw new IllegalArgumentException("ttlSeconds must be at least 1, was " + ttlSeconds);
        }
        long sent = nanoTime.getAsLong();
        return client.grant(ttlSeconds).thenApply(granted -> new EtcdLease(client, granted.getID(),
                Math.max(1, granted.getTTL()), loop, nanoTime, clock, sent));
    }

    /**
     * Takes over lease {@code id}, granted and kept alive by an earlier process of the same node
     * (a crash restart), without waiting for it to expire; it is not renewed until
     * {@link #keepAlive}. Fails with {@link IllegalStateException} when etcd no longer knows the
     * lease. etcd answered after we asked, so the lease lives at least its remaining TTL (less a
     * second for etcd's rounding) from the instant we asked: fencing counts from there, as if a
     * keep-alive acknowledged then had been sent {@code grantedTtl - remaining} earlier.
     */
    public static CompletableFuture<EtcdLease> adopt(Lease client, long id, EventLoop loop, LongSupplier nanoTime,
            Clock clock) {
        requireNonNull(client, "client is null");
        requireNonNull(loop, "loop is null");
        requireNonNull(nanoTime, "nanoTime is null");
        requireNonNull(clock, "clock is null");
        long sent = nanoTime.getAsLong();
        return client.timeToLive(id, io.etcd.jetcd.options.LeaseOption.DEFAULT).thenApply(answer -> {
            long remaining = answer.getTTL() - 1;
            if (remaining <= 0) {
                throw new IllegalStateException("lease " + Long.toHexString(id) + " is expired or about to");
            }
            long granted = Math.max(remaining, answer.getGrantedTTL());
            long asIfSent = sent - TimeUnit.SECONDS.toNanos(granted - remaining);
            return new EtcdLease(client, id, granted, loop, nanoTime, clock, asIfSent);
        });
    }

    /** Revokes lease {@code id}; one etcd no longer knows counts as revoked. */
    public static CompletableFuture<Void> revoke(Lease client, long id, Duration timeout) {
        return client.revoke(id).orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((r, error) -> {
                    if (error != null && !Failures.isLeaseNotFound(error)) {
                        throw new java.util.concurrent.CompletionException(Failures.unwrap(error));
                    }
                    return null;
                });
    }

    /** Starts renewing; {@code onLost} hears of a loss once. Call on the owner's loop, once. */
    public void keepAlive(LossListener onLost) {
        this.listener = requireNonNull(onLost, "onLost is null");
        Duration every = tickInterval(ttlSeconds);
        ticker = loop.scheduleWithFixedDelay(this::tick, every, every);
    }

    /** Stops renewing without revoking (the lease then expires within its TTL). Loop only. */
    public void stop() {
        stopped = true;
        if (ticker != null) {
            ticker.cancel(false);
            ticker = null;
        }
    }

    /** Stops renewing and revokes; a lease etcd no longer knows counts as revoked. Loop only. */
    public CompletableFuture<Void> revoke(Duration timeout) {
        stop();
        return revoke(client, id, timeout);
    }

    public long id() {
        return id;
    }

    /** The TTL etcd granted, in seconds. */
    public long ttlSeconds() {
        return ttlSeconds;
    }

    /**
     * The monotonic instant (of the {@code nanoTime} given at grant) at which the newest keep-alive
     * that etcd acknowledged was sent; before the first one, when the grant was sent.
     */
    public long lastAckedSendNanos() {
        return lastAckedSendNanos;
    }

    /** {@code lastAckedSendNanos() + TTL}: etcd cannot have expired the lease before this instant. */
    public long earliestExpiryNanos() {
        return lastAckedSendNanos + TimeUnit.SECONDS.toNanos(ttlSeconds);
    }

    /** The wall-clock time the newest acknowledgement arrived; {@code null} before the first. */
    public Instant lastAckedAt() {
        return lastAckedAt;
    }

    /** Why the newest keep-alive failed, if it did and none succeeded since; for status pages. */
    public String lastError() {
        return lastError;
    }

    public boolean isLost() {
        return lost;
    }

    /** How often the loop looks whether to send or to give up: every 500 ms, more often for a short TTL. */
    static Duration tickInterval(long ttlSeconds) {
        return Duration.ofMillis(Math.min(MAX_TICK_MILLIS, TimeUnit.SECONDS.toMillis(ttlSeconds) / 3));
    }

    private long renewPeriodNanos() {
        return TimeUnit.SECONDS.toNanos(ttlSeconds) / 3;
    }

    private void tick() {
        if (stopped || lost) {
            return;
        }
        long now = nanoTime.getAsLong();
        if (now - earliestExpiryNanos() >= 0) {
            lose("no keep-alive acknowledged for " + ttlSeconds + " s (etcd unreachable?), so etcd may have"
                    + " expired it" + (lastError == null ? "" : "; last error: " + lastError));
            return;
        }
        if (inFlight || now - nextSendNanos < 0) {
            return;
        }
        inFlight = true;
        long sent = nanoTime.getAsLong();
        CompletableFuture<LeaseKeepAliveResponse> answer;
        try {
            answer = client.keepAliveOnce(id);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.orTimeout(TimeUnit.SECONDS.toMillis(ttlSeconds), TimeUnit.MILLISECONDS)
                .whenCompleteAsync((response, error) -> onAnswer(sent, response, error), loop);
    }

    private void onAnswer(long sent, LeaseKeepAliveResponse response, Throwable error) {
        inFlight = false;
        if (stopped || lost) {
            return;
        }
        if (error == null && response.getTTL() > 0) {
            if (sent - lastAckedSendNanos > 0) {
                lastAckedSendNanos = sent;
            }
            lastAckedAt = clock.instant();
            lastError = null;
            nextSendNanos = sent + renewPeriodNanos();
        } else if (error == null || Failures.isLeaseNotFound(error)) {
            lose("etcd no longer knows the lease (revoked or expired)");
        } else {
            // transient: a stream reset or a member restarting; the next tick tries again
            lastError = Failures.describe(error);
        }
    }

    private void lose(String reason) {
        lost = true;
        stop();
        if (listener != null) {
            listener.lost(this, reason);
        }
    }

    @Override
    public String toString() {
        return "lease " + Long.toHexString(id) + " (TTL " + ttlSeconds + " s)";
    }
}
