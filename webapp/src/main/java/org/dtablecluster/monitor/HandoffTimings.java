package org.dtablecluster.monitor;

import java.time.Duration;
import java.util.Locale;

/**
 * Where the leader reports how long each handoff took, from its start (the {@code started_ms} the
 * leader that opened it wrote into the handoff key) to its flip or its cancel. The monitor keeps no
 * distribution itself; the metrics do. Called on the monitor's loop: keep it cheap, never block.
 */
@FunctionalInterface
public interface HandoffTimings {

    /** Keeps nothing: a monitor without metrics. */
    HandoffTimings NONE = (outcome, took) -> { };

    /** How a handoff ended. */
    enum Outcome {
        /** The new owner was written (the flip). */
        COMPLETED,
        /** It was given up; the bucket stayed with its old owner. */
        CANCELLED;

        /** Lower case, as a metric label. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    void ended(Outcome outcome, Duration took);
}
