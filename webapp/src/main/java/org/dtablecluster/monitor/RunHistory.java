package org.dtablecluster.monitor;

import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;

/** The monitor's latest runs (at most 64) and how many there were; written on its loop, read anywhere. */
final class RunHistory {

    private static final int KEPT = 64;

    private final Deque<RunRecord> runs = new ConcurrentLinkedDeque<>();
    private final AtomicLong started = new AtomicLong();

    /** A run begins; {@link #count()} counts it. */
    void started() {
        started.incrementAndGet();
    }

    void add(RunRecord r) {
        runs.addLast(r);
        while (runs.size() > KEPT) {
            runs.pollFirst();
        }
    }

    Optional<RunRecord> last() {
        return Optional.ofNullable(runs.peekLast());
    }

    /** Oldest first. */
    List<RunRecord> recent() {
        return List.copyOf(new ArrayList<>(runs));
    }

    long count() {
        return started.get();
    }
}
