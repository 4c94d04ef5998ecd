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
 * How many buckets each eligible node holds after a rebalance: the largest-remainder
 * apportionment of the buckets by weight, pins counted, and how many buckets stay in place.
 *
 * @param perNode each eligible node's target, summing to the bucket count
 * @param kept buckets that stay: pinned buckets already on their pin, plus
 *     {@code sum of min(unpinned kept, target - pinned)}
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
     * extra bucket goes to the node that would hold the most above its floor if nothing moved (it
     * keeps one bucket more that way, so a rebalance moves fewer), then to the smallest node id.
     * A node whose pins exceed its target holds exactly its pins and leaves the sharing; the
     * others share what is left, again by weight, until no one's pins exceed its target.
     */
    static WeightedTargets of(AssignmentRequest request, Weights weights, LiveLoads loads) {
        SortedMap<String, Integer> total = loads.total();
        SortedMap<String, Integer> targets = new TreeMap<>();
        List<String> sharing = new ArrayList<>(weights.perNode().keySet());
        int left = request.bucketCount();
        while (true) {
            SortedMap<String, Integer> shares = apportion(left, sharing, weights, total);
            List<String> overPinned = sharing.stream()
                    .filter(id -> loads.pinned().get(id) > shares.get(id)).toList();
            if (overPinned.isEmpty()) {
                targets.putAll(shares);
                break;
            }
            for (String id : overPinned) {
                targets.put(id, loads.pinned().get(id));
                left -= loads.pinned().get(id);
            }
            sharing.removeAll(overPinned);
        }
        int kept = 0;
        for (int b : request.pins().keySet()) {
            kept += request.pinnedOwner(b).isPresent() && request.stayingOwner(b).isPresent() ? 1 : 0;
        }
        for (String id : targets.keySet()) {
            kept += Math.min(loads.kept().get(id), targets.get(id) - loads.pinned().get(id));
        }
        return new WeightedTargets(targets, kept, request.bucketCount());
    }

    /** The largest-remainder apportionment of {@code buckets} among {@code ids} by weight. */
    private static SortedMap<String, Integer> apportion(int buckets, List<String> ids, Weights weights,
            SortedMap<String, Integer> total) {
        long weight = 0;
        for (String id : ids) {
            weight = Math.addExact(weight, weights.of(id));
        }
        SortedMap<String, Integer> floors = new TreeMap<>();
        SortedMap<String, Long> remainders = new TreeMap<>();
        int leftOver = buckets;
        for (String id : ids) {
            long share = Math.multiplyExact((long) buckets, weights.of(id));
            int floor = (int) (share / weight);
            floors.put(id, floor);
            remainders.put(id, share % weight);
            leftOver -= floor;
        }
        List<String> order = new ArrayList<>(floors.keySet());
        order.sort(Comparator.comparing((String id) -> remainders.get(id)).reversed()
                .thenComparing(Comparator.comparing((String id) -> total.get(id) - floors.get(id)).reversed())
                .thenComparing(Comparator.naturalOrder()));
        SortedMap<String, Integer> targets = new TreeMap<>(floors);
        for (int i = 0; i < leftOver; i++) {
            targets.merge(order.get(i), 1, Integer::sum);
        }
        return targets;
    }

    int of(String nodeId) {
        return perNode.get(nodeId);
    }

    /** Buckets that must move to reach these targets: all but the kept ones. */
    int minimumMoves() {
        return bucketCount - kept;
    }
}
