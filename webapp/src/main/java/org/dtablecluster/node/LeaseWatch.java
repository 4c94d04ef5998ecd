package org.dtablecluster.node;

import static java.util.Objects.requireNonNull;

/**
 * Turns the lease's newest acknowledged keep-alive into the agent's two timed decisions: renew the
 * dtable-server's {@code valid_until_ms} when etcd acknowledged a newer keep-alive, and fence when
 * {@link FencingDeadline} passes without one. Pure: the instants are passed in, so tests drive it
 * with a fake monotonic clock. Loop only.
 */
final class LeaseWatch {

    /** What a look at the lease calls for. */
    enum Event { NONE, RENEWED, FENCE }

    private final FencingDeadline deadline;
    private boolean watching;
    private long seenAckNanos;
    private boolean fenced;

    LeaseWatch(FencingDeadline deadline) {
        this.deadline = requireNonNull(deadline, "deadline is null");
    }

    /** A new lease (a registration): fencing counts from its grant, or its adoption. */
    void watch(long lastAckedSendNanos) {
        watching = true;
        seenAckNanos = lastAckedSendNanos;
        fenced = false;
    }

    /** No lease to watch (unregistered); nothing happens until the next {@link #watch}. */
    void unwatch() {
        watching = false;
    }

    /**
     * @return {@link Event#FENCE} once, when the deadline of the newest acknowledged keep-alive has
     *     passed; {@link Event#RENEWED} for each newer acknowledgement before that; else NONE. A
     *     fenced lease stays fenced: the agent registers again rather than trust it.
     */
    Event look(long lastAckedSendNanos, long nowNanos) {
        if (!watching || fenced) {
            return Event.NONE;
        }
        boolean renewed = lastAckedSendNanos - seenAckNanos > 0;
        if (renewed) {
            seenAckNanos = lastAckedSendNanos;
        }
        if (deadline.passed(seenAckNanos, nowNanos)) {
            fenced = true;
            return Event.FENCE;
        }
        return renewed ? Event.RENEWED : Event.NONE;
    }

    boolean fenced() {
        return fenced;
    }

    /** The monotonic fencing deadline of the newest acknowledged keep-alive seen. */
    long deadlineNanos() {
        return deadline.deadlineNanos(seenAckNanos);
    }

    FencingDeadline deadline() {
        return deadline;
    }
}
