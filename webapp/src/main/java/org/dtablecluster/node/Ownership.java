package org.dtablecluster.node;

import static java.util.Objects.requireNonNull;

import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.view.BucketMoves;
import org.dtablecluster.view.Handoff;

/**
 * What one node's dtable-server may serve, and which handoff answers its agent owes, as pure
 * functions of the assignment and the open handoffs (OWNERSHIP.md, "A planned move").
 *
 * <p>A bucket in handoff belongs to neither side until its old owner has let it go: the old
 * owner gives it up as soon as the handoff appears, the new owner takes it once the release is in
 * etcd, or at once when the old owner's key is gone (its agent has fenced and its server's
 * deadline has passed, so nobody serves the bucket), and {@code assign-xx} flips only after the new
 * owner accepted. A cancelled handoff (the key deleted, the assignment unchanged) gives the bucket
 * back to the old owner.
 */
public final class Ownership {

    private Ownership() {
    }

    /**
     * The buckets {@code nodeId} may serve now.
     *
     * @param live the node ids whose registration is in etcd
     */
    public static SortedSet<Integer> owned(String nodeId, Assignment assignment, BucketMoves moves, Set<String> live) {
        requireNonNull(nodeId, "nodeId is null");
        SortedSet<Integer> owned = new TreeSet<>();
        for (int b = 0; b < assignment.bucketCount(); b++) {
            if (owns(nodeId, b, assignment, moves, live)) {
                owned.add(b);
            }
        }
        return owned;
    }

    static boolean owns(String nodeId, int bucket, Assignment assignment, BucketMoves moves, Set<String> live) {
        Handoff h = moves.handoff(bucket);
        if (h != null) {
            if (h.from().equals(nodeId)) {
                return false;
            }
            if (h.to().equals(nodeId)) {
                return letGo(h, moves, live);
            }
        }
        return nodeId.equals(assignment.ownerOrNull(bucket));
    }

    /** True when the old owner of {@code h} serves its bucket no more: it released it, or it is gone. */
    public static boolean letGo(Handoff h, BucketMoves moves, Set<String> live) {
        return moves.released(h.bucket()) || !live.contains(h.from());
    }

    /**
     * Handoffs away from {@code nodeId} whose bucket its dtable-server has confirmed it no longer
     * serves, and for which no release is in etcd yet: the agent writes {@code released/xx}.
     *
     * @param confirmed the owned set the dtable-server last acknowledged
     */
    public static SortedSet<Handoff> releasesDue(String nodeId, BucketMoves moves, SortedSet<Integer> confirmed) {
        SortedSet<Handoff> due = new TreeSet<>(Ownership::byBucket);
        for (Handoff h : moves.open()) {
            if (h.from().equals(nodeId) && !confirmed.contains(h.bucket()) && !moves.released(h.bucket())) {
                due.add(h);
            }
        }
        return due;
    }

    /**
     * Handoffs to {@code nodeId} that the old owner let go and that its dtable-server has confirmed
     * it serves, with no acceptance in etcd yet: the agent writes {@code accepted/xx}.
     */
    public static SortedSet<Handoff> acceptsDue(String nodeId, BucketMoves moves, Set<String> live,
            SortedSet<Integer> confirmed) {
        SortedSet<Handoff> due = new TreeSet<>(Ownership::byBucket);
        for (Handoff h : moves.open()) {
            if (h.to().equals(nodeId) && letGo(h, moves, live) && confirmed.contains(h.bucket())
                    && !moves.accepted(h.bucket())) {
                due.add(h);
            }
        }
        return due;
    }

    private static int byBucket(Handoff a, Handoff b) {
        return Integer.compare(a.bucket(), b.bucket());
    }
}
