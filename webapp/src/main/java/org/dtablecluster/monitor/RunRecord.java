package org.dtablecluster.monitor;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.dtablecluster.spi.Move;
import org.dtablecluster.spi.RunKind;

/**
 * What one monitor run did, for the status view and for tests.
 *
 * @param startedAt when the run began, by the monitor's clock
 * @param kind repair or rebalance
 * @param trigger what started it, such as {@code membership}, {@code interval}, {@code rebalance}
 * @param viewRevision the revision of the snapshot the run planned from
 * @param moves the bucket changes written (all of them, even when a later transaction failed);
 *     empty when nothing changed or the run failed before writing
 * @param error why the run failed, if it did: the strategy threw or returned an invalid
 *     assignment, etcd refused or timed out, or leadership was lost
 * @param revision the etcd revision of the last transaction written; 0 when nothing was written
 * @param transactions how many transactions were committed
 * @param heldBuckets buckets kept with an owner that is not live, because the re-registration
 *     grace was running
 * @param took how long the run took
 */
public record RunRecord(
        Instant startedAt,
        RunKind kind,
        String trigger,
        long viewRevision,
        List<Move> moves,
        Optional<String> error,
        long revision,
        int transactions,
        int heldBuckets,
        Duration took) {

    public RunRecord {
        requireNonNull(startedAt, "startedAt is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(trigger, "trigger is null");
        moves = List.copyOf(requireNonNull(moves, "moves is null"));
        requireNonNull(error, "error is null");
        requireNonNull(took, "took is null");
        if (transactions < 0 || heldBuckets < 0) {
            throw new IllegalArgumentException("transactions and heldBuckets must be >= 0");
        }
    }

    public boolean failed() {
        return error.isPresent();
    }

    /** True when the run wrote something to etcd. */
    public boolean wrote() {
        return transactions > 0;
    }
}
