package org.dtablecluster.view;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.dtablecluster.spi.Assignment;

/**
 * One immutable view of the cluster: the live nodes and the owner of each bucket, as of one etcd
 * revision. Readers take the current snapshot once and use it for a whole request, without locks.
 */
public final class ClusterSnapshot {

    private static final ClusterSnapshot EMPTY =
            new ClusterSnapshot(0, Collections.emptySortedMap(), Assignment.unassigned(Assignment.BUCKETS));

    private final long revision;
    private final long builtNanos;
    private final SortedMap<String, NodeEntry> liveNodes;
    private final List<NodeEntry> liveNodeList;
    private final Assignment assignment;
    private final NodeEntry[] liveOwners;
    private final BucketMoves moves;
    private final OperatorIntent intent;

    /** A snapshot built now ({@link System#nanoTime()}). */
    public ClusterSnapshot(long revision, Map<String, NodeEntry> liveNodes, Assignment assignment) {
        this(revision, liveNodes, assignment, System.nanoTime());
    }

    /** @param builtNanos the monotonic instant the view built it from what etcd said */
    public ClusterSnapshot(long revision, Map<String, NodeEntry> liveNodes, Assignment assignment, long builtNanos) {
        this(revision, liveNodes, assignment, BucketMoves.none(), builtNanos);
    }

    /**
     * @param moves the buckets in handoff, with their release and acceptance keys
     * @param builtNanos the monotonic instant the view built it from what etcd said
     */
    public ClusterSnapshot(long revision, Map<String, NodeEntry> liveNodes, Assignment assignment, BucketMoves moves,
            long builtNanos) {
        this(revision, liveNodes, assignment, moves, OperatorIntent.none(), builtNanos);
    }

    /**
     * @param moves the buckets in handoff, with their release and acceptance keys
     * @param intent the operators' drains and pins
     * @param builtNanos the monotonic instant the view built it from what etcd said
     */
    public ClusterSnapshot(long revision, Map<String, NodeEntry> liveNodes, Assignment assignment, BucketMoves moves,
            OperatorIntent intent, long builtNanos) {
        this.revision = revision;
        this.intent = requireNonNull(intent, "intent is null");
        this.moves = requireNonNull(moves, "moves is null");
        this.builtNanos = builtNanos;
        this.liveNodes = Collections.unmodifiableSortedMap(new TreeMap<>(requireNonNull(liveNodes, "liveNodes is null")));
        this.liveNodeList = List.copyOf(this.liveNodes.values());
        this.assignment = requireNonNull(assignment, "assignment is null");
        this.liveOwners = new NodeEntry[assignment.bucketCount()];
        for (int b = 0; b < liveOwners.length; b++) {
            String owner = assignment.ownerOrNull(b);
            liveOwners[b] = owner == null ? null : this.liveNodes.get(owner);
        }
    }

    /** Nothing known yet: no nodes, no owners. */
    public static ClusterSnapshot empty() {
        return EMPTY;
    }

    /** The etcd revision this snapshot reflects. */
    public long revision() {
        return revision;
    }

    /** The monotonic instant ({@link System#nanoTime()}) the view built this snapshot. */
    public long builtNanos() {
        return builtNanos;
    }

    /**
     * How old this snapshot is at {@code nowNanos}. A snapshot may stay current for long while
     * nothing changes; how stale routing is comes from {@link ClusterView#staleness}.
     */
    public java.time.Duration age(long nowNanos) {
        return java.time.Duration.ofNanos(Math.max(0, nowNanos - builtNanos));
    }

    /** Live nodes by node id, sorted. */
    public SortedMap<String, NodeEntry> liveNodes() {
        return liveNodes;
    }

    /** Live nodes sorted by node id, for index-based picks on the request path. */
    public List<NodeEntry> liveNodeList() {
        return liveNodeList;
    }

    /** The {@code assign-xx} keys as etcd has them; owners may be nodes that are not live. */
    public Assignment assignment() {
        return assignment;
    }

    /** The buckets in handoff (OWNERSHIP.md), with their release and acceptance keys. */
    public BucketMoves moves() {
        return moves;
    }

    /** The operators' drains and pins (etcd {@code dtable-cluster/drained/}, {@code pinned/}). */
    public OperatorIntent intent() {
        return intent;
    }

    /** The live owner of {@code bucket}, or {@code null} when its owner is unset or not live. */
    public NodeEntry liveOwner(int bucket) {
        return liveOwners[bucket];
    }

    /** Buckets without a live owner, ascending. */
    public List<Integer> orphanedBuckets() {
        List<Integer> orphans = new ArrayList<>();
        for (int b = 0; b < liveOwners.length; b++) {
            if (liveOwners[b] == null) {
                orphans.add(b);
            }
        }
        return List.copyOf(orphans);
    }

    @Override
    public String toString() {
        return "ClusterSnapshot[rev=" + revision + " nodes=" + liveNodes.keySet() + " " + assignment + "]";
    }
}
