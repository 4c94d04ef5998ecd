package org.dtablecluster.strategy.weighted;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.spi.AssignmentRequest;

/**
 * A rebalance with the fewest moves: pinned buckets go to their pins, each eligible node keeps up
 * to its target of its lowest-numbered unpinned buckets, and what is freed fills the nodes below
 * target, furthest below first.
 */
final class Rebalance {

    private Rebalance() {
    }

    static Assignment assign(AssignmentRequest request, Weights weights) {
        WeightedTargets targets = WeightedTargets.of(request, weights, LiveLoads.of(request));
        SortedMap<String, Integer> held = new TreeMap<>(request.pinnedCounts());
        Assignment.Builder owners = request.current().toBuilder();
        List<Integer> freed = new ArrayList<>();
        for (int b = 0; b < request.bucketCount(); b++) {
            String pin = request.pinnedOwner(b).orElse(null);
            String owner = request.stayingOwner(b).orElse(null);
            if (pin != null) {
                owners.set(b, pin);
            } else if (owner != null && held.get(owner) < targets.of(owner)) {
                held.merge(owner, 1, Integer::sum);
            } else {
                freed.add(b);
            }
        }
        FurthestBelow underTarget = new FurthestBelow(true);
        held.forEach((id, n) -> underTarget.add(id, targets.of(id) - n, 1));
        for (int bucket : freed) {
            owners.set(bucket, underTarget.take());
        }
        return owners.build();
    }
}
