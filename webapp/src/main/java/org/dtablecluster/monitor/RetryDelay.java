package org.dtablecluster.monitor;

import java.time.Duration;

/**
 * The wait before the next campaign: 100 ms doubling to 1 s while etcd fails, back to 100 ms
 * once elected; and whether this outage was logged already. Loop only.
 */
final class RetryDelay {

    static final long MIN_MILLIS = 100;
    static final long MAX_MILLIS = 1000;

    private long nextMillis = MIN_MILLIS;
    private boolean failing;

    Duration next() {
        long d = nextMillis;
        nextMillis = Math.min(MAX_MILLIS, nextMillis * 2);
        return Duration.ofMillis(d);
    }

    /** True the first time since the last {@link #reset}: the one failure of an outage worth a warning. */
    boolean firstFailure() {
        boolean first = !failing;
        failing = true;
        return first;
    }

    void reset() {
        nextMillis = MIN_MILLIS;
        failing = false;
    }
}
