package org.dtablecluster.node;

/**
 * Counts consecutive probe failures and says when the node must stop or may resume claiming
 * buckets. Pure, so the thresholds are tested without HTTP. Not thread-safe: one owner thread.
 */
final class HealthTracker {

    /** What a probe result changed. */
    enum Transition { NONE, WENT_DOWN, RECOVERED }

    private final int threshold;
    private HealthState state = HealthState.UNKNOWN;
    private int consecutiveFailures;

    HealthTracker(int threshold) {
        if (threshold < 1) {
            throw new IllegalArgumentException("health_check_failures must be at least 1, was " + threshold);
        }
        this.threshold = threshold;
    }

    Transition record(boolean healthy) {
        if (healthy) {
            consecutiveFailures = 0;
            boolean wasDown = state == HealthState.UNHEALTHY;
            state = HealthState.HEALTHY;
            return wasDown ? Transition.RECOVERED : Transition.NONE;
        }
        consecutiveFailures++;
        if (state == HealthState.UNHEALTHY) {
            return Transition.NONE;
        }
        if (consecutiveFailures >= threshold) {
            state = HealthState.UNHEALTHY;
            return Transition.WENT_DOWN;
        }
        state = HealthState.FAILING;
        return Transition.NONE;
    }

    /** False only while UNHEALTHY: an unknown or failing-but-not-yet-down server keeps its buckets. */
    boolean allowsRegistration() {
        return state != HealthState.UNHEALTHY;
    }

    HealthState state() {
        return state;
    }

    int consecutiveFailures() {
        return consecutiveFailures;
    }

    int threshold() {
        return threshold;
    }
}
