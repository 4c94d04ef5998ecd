package org.dtablecluster.node;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Random;

/**
 * Exponential backoff with jitter: the ceiling starts at {@code initial} and doubles up to
 * {@code max}; each delay is drawn from [ceiling/2, ceiling], so nodes that lost etcd together
 * do not all come back in the same millisecond. Not thread-safe: one owner thread.
 */
final class Backoff {

    private final long initialMillis;
    private final long maxMillis;
    private final Random random;
    private long ceilingMillis;
    private int failures;

    Backoff(Duration initial, Duration max, Random random) {
        this.initialMillis = requireNonNull(initial, "initial is null").toMillis();
        this.maxMillis = requireNonNull(max, "max is null").toMillis();
        this.random = requireNonNull(random, "random is null");
        if (initialMillis < 1 || initialMillis > maxMillis) {
            throw new IllegalArgumentException("backoff must satisfy 1 ms <= initial <= max, was initial="
                    + initial + " max=" + max);
        }
        this.ceilingMillis = initialMillis;
    }

    /** The delay before the next attempt; each call counts one more failure. */
    Duration next() {
        long ceiling = ceilingMillis;
        ceilingMillis = Math.min(maxMillis, ceiling * 2);
        failures++;
        long half = ceiling / 2;
        return Duration.ofMillis(half + (long) (random.nextDouble() * (ceiling - half + 1)));
    }

    /** After a success: the next failure waits about {@code initial} again. */
    void reset() {
        ceilingMillis = initialMillis;
        failures = 0;
    }

    /** Failures since the last {@link #reset()}. */
    int failures() {
        return failures;
    }
}
