package org.dtablecluster.etcd;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How an {@link EtcdClusterView} retries and when it gives up on etcd.
 *
 * @param initialBackoff first wait before retrying after an error, in [1 ms, maxBackoff]
 * @param maxBackoff the wait doubles up to this, in [1 ms, 5 min]
 * @param readTimeout how long a full read may take before it counts as failed, at least 1 ms
 * @param lostAfter how long {@code SUSPENDED} lasts before it counts as {@code LOST}, at least 1 ms
 */
record ViewTimings(Duration initialBackoff, Duration maxBackoff, Duration readTimeout, Duration lostAfter) {

    ViewTimings {
        requireNonNull(initialBackoff, "initialBackoff is null");
        requireNonNull(maxBackoff, "maxBackoff is null");
        requireNonNull(readTimeout, "readTimeout is null");
        requireNonNull(lostAfter, "lostAfter is null");
        if (maxBackoff.toMillis() < 1 || maxBackoff.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("maxBackoff must be in [1 ms, 5 min], was " + maxBackoff);
        }
        if (initialBackoff.toMillis() < 1 || initialBackoff.compareTo(maxBackoff) > 0) {
            throw new IllegalArgumentException("initialBackoff must be in [1 ms, " + maxBackoff + "], was "
                    + initialBackoff);
        }
        if (readTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("readTimeout must be at least 1 ms, was " + readTimeout);
        }
        if (lostAfter.toMillis() < 1) {
            throw new IllegalArgumentException("lostAfter must be at least 1 ms, was " + lostAfter);
        }
    }
}
