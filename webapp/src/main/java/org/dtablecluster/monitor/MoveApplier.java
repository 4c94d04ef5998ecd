package org.dtablecluster.monitor;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.dtablecluster.spi.Move;

/**
 * The seam between planning moves ({@link RunPipeline#plan}) and making them so. Today's
 * applier, {@link AssignmentWriter}, writes the new owners to {@code assign-xx} at once; an
 * applier that hands buckets over (write {@code handoff/xx}, wait for {@code released/xx}, then
 * flip {@code assign-xx} in a guarded transaction) plugs in here without touching the planning.
 *
 * <p>Called on the monitor's loop; may block, bounded by its own timeouts.
 */
interface MoveApplier {

    /** Applies {@code moves} under {@code leadership} and reports what it did; never throws for etcd's sake. */
    Applied apply(Leadership leadership, List<Move> moves) throws InterruptedException;

    /**
     * What an applier did.
     *
     * @param applied the moves now in effect, in the order asked; all of them unless {@code error}
     * @param revision the etcd revision of the last write; 0 when nothing was written
     * @param transactions how many transactions were committed
     * @param error why it stopped short, if it did
     * @param leadershipLost etcd refused the leadership guard: {@code leadership} is over
     */
    record Applied(List<Move> applied, long revision, int transactions, Optional<String> error,
            boolean leadershipLost) {

        public Applied {
            applied = List.copyOf(requireNonNull(applied, "applied is null"));
            requireNonNull(error, "error is null");
            if (leadershipLost && error.isEmpty()) {
                throw new IllegalArgumentException("a lost leadership is an error");
            }
        }

        static Applied all(List<Move> moves, long revision, int transactions) {
            return new Applied(moves, revision, transactions, Optional.empty(), false);
        }

        static Applied none(String error) {
            return new Applied(List.of(), 0, 0, Optional.of(error), false);
        }
    }
}
