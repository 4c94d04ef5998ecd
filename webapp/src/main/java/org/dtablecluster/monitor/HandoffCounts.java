package org.dtablecluster.monitor;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.dtablecluster.view.Handoff;

/** What the leader's handoffs came to: counts, and the latest cancellations with their reasons. Any thread. */
final class HandoffCounts {

    static final int RECENT_CANCELS = 16;

    private final AtomicLong started = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong cancelled = new AtomicLong();
    private final AtomicLong transactions = new AtomicLong();
    private final Deque<HandoffStatus.Cancelled> recent = new ArrayDeque<>();

    void started() {
        started.incrementAndGet();
    }

    void completed() {
        completed.incrementAndGet();
    }

    synchronized void cancelled(Handoff h, String reason, Instant at) {
        cancelled.incrementAndGet();
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
