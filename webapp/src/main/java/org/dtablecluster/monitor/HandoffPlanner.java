package org.dtablecluster.monitor;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.spi.Move;
import org.dtablecluster.view.BucketMoves;
import org.dtablecluster.view.Handoff;

/**
 * One step of moving buckets safely (OWNERSHIP.md): given what etcd says now and the moves still
 * wanted, decides which handoffs to finish, which to cancel, which to start, and which moves are
 * written straight to {@code assign-xx} because no live owner could release them. Pure: the
 * leader runs a step on every snapshot and on a timer, and carries out what it returns in guarded
 * transactions; a step that loses a race simply sees the result in the next snapshot.
 */
public final class HandoffPlanner {

    private HandoffPlanner() {
    }

    /**
     * @param maxConcurrent handoffs open at once, at least 1
     * @param timeout how long the old owner has to release before the move is cancelled
     */
    public record Limits(int maxConcurrent, Duration timeout) {
        public Limits {
            if (maxConcurrent < 1) {
                throw new IllegalArgumentException("maxConcurrent must be at least 1, was " + maxConcurrent);
            }
            requireNonNull(timeout, "timeout is null");
        }
    }

    /**
     * What etcd says now.
     *
     * @param live the node ids whose registration is in etcd
     * @param releasing the live nodes whose agent releases buckets through the handoff; moves away
     *     from any other node are written directly, best effort
     */
    public record Cluster(Assignment assignment, Set<String> live, Set<String> releasing, BucketMoves moves) {
        public Cluster {
            requireNonNull(assignment, "assignment is null");
            live = Set.copyOf(live);
            releasing = Set.copyOf(releasing);
            requireNonNull(moves, "moves is null");
        }
    }

    /** A handoff to give up, and why. */
    public record Cancel(Handoff handoff, String reason) {
    }

    /** A wanted move that will not happen, and why. */
    public record Dropped(Move move, String reason) {
    }

    /**
     * What to do now.
     *
     * @param flips released (and, where the new owner can say so, accepted) handoffs: write
     *     {@code assign-xx = to} and delete the handoff keys in one guarded transaction
     * @param cancels handoffs to delete, leaving the bucket with its owner
     * @param starts handoffs to open: within the free slots, and every one from a gone owner
     * @param direct moves written straight to {@code assign-xx}: the bucket has no owner, a live
     *     owner cannot release through a handoff, or the owner is gone and the target cannot say
     *     when it serves; a gone owner's bucket otherwise moves through a handoff too, so that the
     *     proxies hold its requests until the target has accepted it
     * @param pending wanted moves that wait for a free handoff slot
     * @param dropped wanted moves that no longer make sense
     */
    public record Step(List<Handoff> flips, List<Cancel> cancels, List<Move> starts, List<Move> direct,
            List<Move> pending, List<Dropped> dropped) {
        public Step {
            flips = List.copyOf(flips);
            cancels = List.copyOf(cancels);
            starts = List.copyOf(starts);
            direct = List.copyOf(direct);
            pending = List.copyOf(pending);
            dropped = List.copyOf(dropped);
        }

        /** True when the step writes nothing. */
        public boolean idle() {
            return flips.isEmpty() && cancels.isEmpty() && starts.isEmpty() && direct.isEmpty();
        }
    }

    /**
     * @param wanted moves still to make, in the order they should start; each names the owner the
     *     plan saw, which may have changed since
     */
    public static Step step(Cluster cluster, List<Move> wanted, long nowEpochMs, Limits limits) {
        requireNonNull(cluster, "cluster is null");
        requireNonNull(wanted, "wanted is null");
        requireNonNull(limits, "limits is null");
        List<Handoff> flips = new ArrayList<>();
        List<Cancel> cancels = new ArrayList<>();
        for (Handoff h : cluster.moves().open()) {
            decideOpen(cluster, h, nowEpochMs, limits, flips, cancels);
        }
        // max_concurrent_handoffs paces releases by live owners; a gone owner's buckets are served by
        // nobody until they move, so their handoffs (waiting only for the target) take no slot
        int slots = limits.maxConcurrent()
                - (int) cluster.moves().open().stream().filter(h -> cluster.live().contains(h.from())).count();
        List<Move> starts = new ArrayList<>();
        List<Move> direct = new ArrayList<>();
        List<Move> pending = new ArrayList<>();
        List<Dropped> dropped = new ArrayList<>();
        for (Move wantedMove : wanted) {
            int b = wantedMove.bucket();
            String owner = cluster.assignment().ownerOrNull(b);
            String to = wantedMove.to();
            if (wantedMove.to().equals(owner)) {
                dropped.add(new Dropped(wantedMove, "already there"));
                continue;
            }
            Move move = new Move(b, owner, wantedMove.to());
            if (!java.util.Objects.equals(owner, wantedMove.from())) {
                // Planned on an older snapshot: a move from whoever owns it now was never planned.
                dropped.add(new Dropped(move, "owner changed since the plan (was " + wantedMove.from() + ")"));
            } else if (cluster.moves().moving(b)) {
                dropped.add(new Dropped(move, "already moving"));
            } else if (!cluster.live().contains(wantedMove.to())) {
                dropped.add(new Dropped(move, "target " + wantedMove.to() + " is not live"));
            } else if (noHandoffCanCarry(cluster, owner, to)) {
                direct.add(move);
            } else if (!cluster.live().contains(owner)) {
                starts.add(move);
            } else if (slots > 0) {
                starts.add(move);
                slots--;
            } else {
                pending.add(move);
            }
        }
        return new Step(flips, cancels, starts, direct, pending, dropped);
    }

    /** Nobody owns the bucket, its live owner cannot release, or it is gone and the target cannot accept. */
    private static boolean noHandoffCanCarry(Cluster cluster, String owner, String to) {
        if (owner == null) {
            return true;
        }
        return cluster.live().contains(owner) ? !cluster.releasing().contains(owner) : !cluster.releasing().contains(to);
    }

    private static void decideOpen(Cluster cluster, Handoff h, long nowEpochMs, Limits limits, List<Handoff> flips,
            List<Cancel> cancels) {
        int b = h.bucket();
        // Let go: released, or the old owner's key is gone, so it has fenced and serves nothing.
        boolean released = cluster.moves().released(b) || !cluster.live().contains(h.from());
        if (!h.from().equals(cluster.assignment().ownerOrNull(b))) {
            cancels.add(new Cancel(h, "assign-" + h.hex() + " no longer names " + h.from()));
        } else if (!cluster.live().contains(h.to())) {
            // The target's key is gone: its agent has fenced, so it serves nothing of this bucket.
            cancels.add(new Cancel(h, "target " + h.to() + " is not live"));
        } else if (released && (cluster.moves().accepted(b) || !cluster.releasing().contains(h.to()))) {
            flips.add(h);
        } else if (!released && nowEpochMs - h.startedEpochMs() >= limits.timeout().toMillis()) {
            cancels.add(new Cancel(h, h.from() + " did not release within " + limits.timeout().toSeconds() + " s"));
        }
        // Released but not yet accepted by a live target: wait. Cancelling now could leave both
        // servers serving the bucket; the target accepts, or loses its key and is cancelled above.
    }
}
