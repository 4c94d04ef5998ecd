package org.dtablecluster.node;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How patient a {@link NodeAgent} is. The defaults suit production; tests shorten them.
 *
 * @param etcdTimeout the longest any single etcd call may take (grant, txn, revoke)
 * @param initialBackoff the first wait before registering again after a failure
 * @param maxBackoff the wait doubles up to this
 * @param hookTimeout the longest an assignment hook POST may take
 * @param hookAttempts tries per assignment change before it is given up
 */
public record NodeAgentTimings(
        Duration etcdTimeout, Duration initialBackoff, Duration maxBackoff, Duration hookTimeout, int hookAttempts) {

    public NodeAgentTimings {
        requireNonNull(etcdTimeout, "etcdTimeout is null");
        requireNonNull(initialBackoff, "initialBackoff is null");
        requireNonNull(maxBackoff, "maxBackoff is null");
        requireNonNull(hookTimeout, "hookTimeout is null");
        if (etcdTimeout.toMillis() < 100 || etcdTimeout.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("etcdTimeout must be in [100 ms, 1 min], was " + etcdTimeout);
        }
        if (maxBackoff.toMillis() < 1 || maxBackoff.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("maxBackoff must be in [1 ms, 5 min], was " + maxBackoff);
        }
        if (initialBackoff.toMillis() < 1 || initialBackoff.compareTo(maxBackoff) > 0) {
            throw new IllegalArgumentException("initialBackoff must be in [1 ms, " + maxBackoff + "], was "
                    + initialBackoff);
        }
        if (hookTimeout.toMillis() < 1 || hookTimeout.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("hookTimeout must be in [1 ms, 5 min], was " + hookTimeout);
        }
        if (hookAttempts < 1 || hookAttempts > 100) {
            throw new IllegalArgumentException("hookAttempts must be in [1, 100], was " + hookAttempts);
        }
    }

    /** 5 s per etcd call; backoff from 200 ms doubling to 5 s; hook: 5 s, 3 tries. */
    public static NodeAgentTimings defaults() {
        return new NodeAgentTimings(Duration.ofSeconds(5), Duration.ofMillis(200), Duration.ofSeconds(5),
                Duration.ofSeconds(5), 3);
    }

    public NodeAgentTimings withBackoff(Duration initial, Duration max) {
        return new NodeAgentTimings(etcdTimeout, initial, max, hookTimeout, hookAttempts);
    }

    public NodeAgentTimings withEtcdTimeout(Duration timeout) {
        return new NodeAgentTimings(timeout, initialBackoff, maxBackoff, hookTimeout, hookAttempts);
    }

    public NodeAgentTimings withHook(Duration timeout, int attempts) {
        return new NodeAgentTimings(etcdTimeout, initialBackoff, maxBackoff, timeout, attempts);
    }
}
