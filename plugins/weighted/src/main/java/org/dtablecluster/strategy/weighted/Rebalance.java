package org.dtablecluster.strategy.weighted;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.spi.AssignmentRequest;

/**
 * A rebalance with the fewest moves: each live node keeps up to its target of its
 * lowest-numbered buckets, and what is freed fills the nodes below target, furthest below first.
 */
final class Rebalance {

    private Rebalance() {
    }

    static Assignment assign(AssignmentRequest request, Weights weights) {
        WeightedTargets targets = WeightedTargets.of(request, weights, LiveLoads.of(request));
        SortedMap<String, Integer> kept = new TreeMap<>();
        request.liveNodes().keySet().forEach(id -> kept.put(id, 0));
        List<Integer> freed = new ArrayList<>();
        for (int b = 0; b < request.bucketCount(); b++) {
            String owner = request.liveOwner(b).orElse(null);
            if (owner != null && kept.get(owner) < targets.of(owner)) {
                kept.merge(owner, 1, Integer::sum);
            } else {
                freed.add(b);
            }
        }
        FurthestBelow underTarget = new FurthestBelow(true);
        kept.forEach((id, n) -> underTarget.add(id, targets.of(id) - n, 1));
        Assignment.Builder owners = request.current().toBuilder();
        for (int bucket : freed) {
            owners.set(bucket, underTarget.take());
        }
        return owners.build();
    }
}
