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
 * How many buckets each live node holds after a rebalance, chosen to keep as many current
 * owners as possible, and how many that keeps.
 *
 * @param bucketCount the buckets to share out
 * @param perNode each live node's target: {@code q} or {@code q + 1}, summing to the bucket count
 * @param kept buckets whose live owner keeps them, {@code sum of min(current, target)}
 */
record BalancedTargets(int bucketCount, SortedMap<String, Integer> perNode, int kept) {

    BalancedTargets {
        requireNonNull(perNode, "perNode is null");
        if (perNode.isEmpty()) {
            throw new IllegalArgumentException("perNode is empty");
        }
        int sum = perNode.values().stream().mapToInt(Integer::intValue).sum();
        int min = Collections.min(perNode.values());
        int max = Collections.max(perNode.values());
        if (sum != bucketCount || min < 0 || max - min > 1) {
            throw new IllegalArgumentException("targets " + perNode + " must be within one of"
                    + " each other, >= 0, and sum to " + bucketCount);
        }
        if (kept < 0 || kept > bucketCount) {
            throw new IllegalArgumentException(
                    "kept must be in [0, " + bucketCount + "], was " + kept);
        }
        perNode = Collections.unmodifiableSortedMap(new TreeMap<>(perNode));
    }

    /**
     * The targets that keep the most current owners: the {@code B % N} nodes with the most
     * live-owned buckets (ties by node id) get {@code q + 1}, the rest {@code q}, because a
     * higher target keeps one more bucket only on a node that already has more than {@code q}.
     */
    static BalancedTargets of(AssignmentRequest request) {
        SortedMap<String, Integer> loads = LiveLoads.of(request);
        int q = request.bucketCount() / loads.size();
        int r = request.bucketCount() % loads.size();
        List<String> mostFirst = new ArrayList<>(loads.keySet());
        mostFirst.sort(Comparator.comparing((String id) -> loads.get(id)).reversed()
                .thenComparing(Comparator.naturalOrder()));
        SortedMap<String, Integer> targets = new TreeMap<>();
        int kept = 0;
        for (int i = 0; i < mostFirst.size(); i++) {
            String id = mostFirst.get(i);
            int target = i < r ? q + 1 : q;
            targets.put(id, target);
            kept += Math.min(loads.get(id), target);
        }
        return new BalancedTargets(request.bucketCount(), targets, kept);
    }

    /** The target of {@code nodeId}, a live node. */
    int of(String nodeId) {
        return perNode.get(nodeId);
    }

    /** Buckets that must move to reach these targets: all but the kept ones. */
    int minimumMoves() {
        return bucketCount - kept;
    }
}
