package org.dtablecluster.strategy.sticky;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.dtablecluster.spi.AssignmentRequest;

/**
 * How many buckets each eligible node holds after a rebalance, chosen to keep as many current
 * owners as possible, and how many buckets that leaves in place.
 *
 * @param bucketCount the buckets to share out
 * @param perNode each eligible node's target, summing to the bucket count: its pins when they
 *     exceed an even share of what the other nodes leave, else {@code q} or {@code q + 1}
 * @param kept buckets that stay: pinned buckets already on their pin, plus
 *     {@code sum of min(unpinned kept, target - pinned)}
 */
record BalancedTargets(int bucketCount, SortedMap<String, Integer> perNode, int kept) {

    BalancedTargets {
        requireNonNull(perNode, "perNode is null");
        if (perNode.isEmpty()) {
            throw new IllegalArgumentException("perNode is empty");
        }
        int sum = perNode.values().stream().mapToInt(Integer::intValue).sum();
        if (sum != bucketCount || Collections.min(perNode.values()) < 0) {
            throw new IllegalArgumentException("targets " + perNode + " must be >= 0 and sum to " + bucketCount);
        }
        if (kept < 0 || kept > bucketCount) {
            throw new IllegalArgumentException(
                    "kept must be in [0, " + bucketCount + "], was " + kept);
        }
        perNode = Collections.unmodifiableSortedMap(new TreeMap<>(perNode));
    }

    /**
     * Water-filling: while the node with the most pins has at least the ceiling of an even share
     * of the buckets still to share, it holds exactly its pins and leaves the sharing. The rest
     * share what is left evenly: {@code q} each, and {@code q + 1} for the {@code r} nodes that
     * would hold the most if nothing moved (ties by node id), because a higher target keeps one
     * more bucket only on such a node. No pins: every node {@code q} or {@code q + 1}.
     */
    static BalancedTargets of(AssignmentRequest request) {
        LiveLoads loads = LiveLoads.of(request);
        SortedMap<String, Integer> total = loads.total();
        List<String> sharing = new ArrayList<>(total.keySet());
        sharing.sort(Comparator.comparing((String id) -> loads.pinned().get(id)).reversed()
                .thenComparing(Comparator.naturalOrder()));
        SortedMap<String, Integer> targets = new TreeMap<>();
        int left = request.bucketCount();
        while (!sharing.isEmpty()) {
            int most = loads.pinned().get(sharing.get(0));
            int ceiling = (left + sharing.size() - 1) / sharing.size();
            if (most < ceiling) {
                break;
            }
            targets.put(sharing.remove(0), most);
            left -= most;
        }
        if (!sharing.isEmpty()) {
            int q = left / sharing.size();
            int r = left % sharing.size();
            sharing.sort(Comparator.comparing((String id) -> total.get(id)).reversed()
                    .thenComparing(Comparator.naturalOrder()));
            for (int i = 0; i < sharing.size(); i++) {
                targets.put(sharing.get(i), i < r ? q + 1 : q);
            }
        }
        int kept = pinnedInPlace(request);
        for (String id : targets.keySet()) {
            kept += Math.min(loads.kept().get(id), targets.get(id) - loads.pinned().get(id));
        }
        return new BalancedTargets(request.bucketCount(), targets, kept);
    }

    private static int pinnedInPlace(AssignmentRequest request) {
        int n = 0;
        for (int b : request.pins().keySet()) {
            n += request.pinnedOwner(b).isPresent() && request.stayingOwner(b).isPresent() ? 1 : 0;
        }
        return n;
    }

    /** The target of {@code nodeId}, an eligible node. */
    int of(String nodeId) {
        return perNode.get(nodeId);
    }

    /** Buckets that must move to reach these targets: all but the kept ones. */
    int minimumMoves() {
        return bucketCount - kept;
    }
}
