package org.dtablecluster.monitor;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.dtablecluster.monitor.HandoffTimings.Outcome;
import org.dtablecluster.view.Handoff;

/**
 * What the leader's handoffs came to: counts, the latest cancellations with their reasons, and
 * how long each one that ended took ({@link HandoffTimings}). Any thread.
 */
final class HandoffCounts {

    static final int RECENT_CANCELS = 16;

    private final AtomicLong started = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong cancelled = new AtomicLong();
    private final AtomicLong transactions = new AtomicLong();
    private final Deque<HandoffStatus.Cancelled> recent = new ArrayDeque<>();
    private final HandoffTimings timings;

    HandoffCounts(HandoffTimings timings) {
        this.timings = requireNonNull(timings, "timings is null");
    }

    void started() {
        started.incrementAndGet();
    }

    /** {@code h} flipped at {@code at}. */
    void completed(Handoff h, Instant at) {
        completed.incrementAndGet();
        took(h, at).ifPresent(d -> timings.ended(Outcome.COMPLETED, d));
    }

    synchronized void cancelled(Handoff h, String reason, Instant at) {
        cancelled.incrementAndGet();
        took(h, at).ifPresent(d -> timings.ended(Outcome.CANCELLED, d));
        recent.addLast(new HandoffStatus.Cancelled(h, reason, at));
        while (recent.size() > RECENT_CANCELS) {
            recent.removeFirst();
        }
    }

    void committed(int count) {
        transactions.addAndGet(count);
    }

    long transactions() {
        return transactions.get();
    }

    synchronized List<HandoffStatus.Cancelled> recentCancels() {
        return List.copyOf(recent);
    }

    /**
     * From the handoff's start, as its key says, to {@code at}. The start is the wall clock of the
     * leader that opened it, so a new leader that adopted an open handoff times it from there too;
     * a key without {@code started_ms} (read as 0) gives no time at all, and a start after
     * {@code at} (two leaders' clocks apart) counts as 0.
     */
    static Optional<Duration> took(Handoff h, Instant at) {
        if (h.startedEpochMs() <= 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis(Math.max(0, at.toEpochMilli() - h.startedEpochMs())));
    }

    long startedCount() {
        return started.get();
    }

    long completedCount() {
        return completed.get();
    }

    long cancelledCount() {
        return cancelled.get();
    }
}
