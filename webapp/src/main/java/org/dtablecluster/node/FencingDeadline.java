package org.dtablecluster.node;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * When a node agent must stop claiming buckets on its own (OWNERSHIP.md, "An unplanned loss").
 *
 * <p>etcd expires a lease no earlier than its TTL after the last keep-alive it processed, and it
 * processed that keep-alive after the agent sent it. So from the monotonic instant the agent
 * <em>sent</em> the last keep-alive etcd acknowledged, the lease is certainly alive for TTL; the
 * agent gives up {@code fence_margin} earlier, to leave room for its dtable-server's clock and for
 * the release itself. The same instant, turned into wall-clock milliseconds, is the
 * {@code valid_until_ms} every hook call carries. Pure: instants are passed in.
 */
public record FencingDeadline(Duration ttl, Duration margin) {

    public FencingDeadline {
        requireNonNull(ttl, "ttl is null");
        requireNonNull(margin, "margin is null");
        if (margin.isNegative() || margin.compareTo(ttl) >= 0) {
            throw new IllegalArgumentException("fence margin must be at least 0 and below the lease TTL " + ttl
                    + ", was " + margin);
        }
    }

    /** The monotonic instant (nanoTime) after which the agent is fenced. */
    public long deadlineNanos(long lastAckedSendNanos) {
        return lastAckedSendNanos + ttl.minus(margin).toNanos();
    }

    /** True once {@code nowNanos} has reached the deadline. */
    public boolean passed(long lastAckedSendNanos, long nowNanos) {
        return nowNanos - deadlineNanos(lastAckedSendNanos) >= 0;
    }

    /** How long until the deadline, zero once it has passed. */
    public Duration remaining(long lastAckedSendNanos, long nowNanos) {
        return Duration.ofNanos(Math.max(0, deadlineNanos(lastAckedSendNanos) - nowNanos));
    }

    /**
     * The deadline as epoch milliseconds for the dtable-server, rounded down so that it never lies
     * later than the monotonic deadline.
     */
    public long validUntilEpochMs(long lastAckedSendNanos, long nowNanos, long nowEpochMs) {
        long remainingNanos = deadlineNanos(lastAckedSendNanos) - nowNanos;
        return nowEpochMs + Math.floorDiv(remainingNanos, 1_000_000L);
    }
}
