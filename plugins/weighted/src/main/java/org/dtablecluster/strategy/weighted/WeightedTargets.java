package org.dtablecluster.strategy.weighted;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.dtablecluster.spi.AssignmentRequest;

/**
 * How many buckets each live node holds after a rebalance: the largest-remainder apportionment
 * of the buckets by weight, and how many current owners it keeps.
 *
 * @param perNode each live node's target, summing to the bucket count
 * @param kept buckets whose live owner keeps them, {@code sum of min(current, target)}
 * @param bucketCount the buckets shared out
 */
record WeightedTargets(SortedMap<String, Integer> perNode, int kept, int bucketCount) {

    WeightedTargets {
        requireNonNull(perNode, "perNode is null");
        int sum = perNode.values().stream().mapToInt(Integer::intValue).sum();
        if (sum != bucketCount) {
            throw new IllegalArgumentException("targets " + perNode + " must sum to " + bucketCount);
        }
        perNode = Collections.unmodifiableSortedMap(new TreeMap<>(perNode));
    }

    /**
     * Node {@code i} has the exact share {@code q_i = B * w_i / W}. Every node gets
     * {@code floor(q_i)}; the {@code k = B - sum floor(q_i)} buckets left over go one each to the
     * nodes with the largest fractional parts. Among nodes whose fractional parts are equal, the
     * extra bucket goes to the node holding the most live buckets above its floor (it keeps one
     * bucket more that way, so a rebalance moves fewer), then to the smallest node id.
     */
    static WeightedTargets of(AssignmentRequest request, Weights weights, SortedMap<String, Integer> loads) {
        int buckets = request.bucketCount();
        long total = weights.total();
        SortedMap<String, Integer> floors = new TreeMap<>();
        SortedMap<String, Long> remainders = new TreeMap<>();
        int leftOver = buckets;
        for (String id : weights.perNode().keySet()) {
            long share = weights.scaledShare(buckets, id);
            int floor = (int) (share / total);
            floors.put(id, floor);
            remainders.put(id, share % total);
            leftOver -= floor;
        }
        List<String> order = new ArrayList<>(floors.keySet());
        order.sort(Comparator.comparing((String id) -> remainders.get(id)).reversed()
                .thenComparing(Comparator.comparing((String id) -> loads.get(id) - floors.get(id)).reversed())
                .thenComparing(Comparator.naturalOrder()));
        SortedMap<String, Integer> targets = new TreeMap<>(floors);
        for (int i = 0; i < leftOver; i++) {
            targets.merge(order.get(i), 1, Integer::sum);
        }
        int kept = 0;
        for (String id : targets.keySet()) {
            kept += Math.min(loads.get(id), targets.get(id));
        }
        return new WeightedTargets(targets, kept, buckets);
    }

    int of(String nodeId) {
        return perNode.get(nodeId);
    }

    /** Buckets that must move to reach these targets: all but the kept ones. */
    int minimumMoves() {
        return bucketCount - kept;
    }
}
