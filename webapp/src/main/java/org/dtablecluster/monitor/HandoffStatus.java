package org.dtablecluster.monitor;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.dtablecluster.view.Handoff;

/**
 * The bucket handoffs as an operator sees them.
 *
 * @param open the buckets in handoff now, as the view has them (any instance sees them)
 * @param pending moves this leader wants that wait for a free handoff slot
 * @param started handoffs this instance opened since it started
 * @param completed handoffs this instance finished by writing the new owner
 * @param cancelled handoffs this instance gave up
 * @param recentCancels the latest cancelled handoffs, newest last, with their reasons
 * @param maxConcurrent {@code max_concurrent_handoffs}
 * @param timeout {@code handoff_timeout_seconds}
 */
public record HandoffStatus(List<Open> open, int pending, long started, long completed, long cancelled,
        List<Cancelled> recentCancels, int maxConcurrent, Duration timeout) {

    public HandoffStatus {
        open = List.copyOf(open);
        recentCancels = List.copyOf(recentCancels);
        requireNonNull(timeout, "timeout is null");
    }

    /** Nothing known: a monitor status made without handoffs. */
    public static HandoffStatus none() {
        return new HandoffStatus(List.of(), 0, 0, 0, 0, List.of(), 0, Duration.ZERO);
    }

    /**
     * One bucket in handoff.
     *
     * @param released its old owner has released it for this handoff
     * @param accepted its new owner serves it for this handoff
     */
    public record Open(Handoff handoff, boolean released, boolean accepted) {
        public Open {
            requireNonNull(handoff, "handoff is null");
        }

        /** When the leader opened it. */
        public Instant since() {
            return Instant.ofEpochMilli(handoff.startedEpochMs());
        }
    }

    /** A handoff given up at {@code at}, and why; the bucket stayed with {@code handoff.from()}. */
    public record Cancelled(Handoff handoff, String reason, Instant at) {
        public Cancelled {
            requireNonNull(handoff, "handoff is null");
            requireNonNull(reason, "reason is null");
            requireNonNull(at, "at is null");
        }
    }
}
