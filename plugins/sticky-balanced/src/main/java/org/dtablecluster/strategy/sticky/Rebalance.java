package org.dtablecluster.strategy.sticky;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.spi.AssignmentRequest;

/**
 * A rebalance with the fewest moves: each live node keeps up to its target of its
 * lowest-numbered buckets, and what is freed fills the nodes below target.
 */
final class Rebalance {

    private Rebalance() {
    }

    static Assignment assign(AssignmentRequest request) {
        BalancedTargets targets = BalancedTargets.of(request);
        SortedMap<String, Integer> kept = new TreeMap<>();
        request.liveNodes().keySet().forEach(id -> kept.put(id, 0));
        List<Integer> freed = new ArrayList<>();
        for (int b = 0; b < request.bucketCount(); b++) {
            String owner = request.liveOwner(b).orElse(null);
            // Ascending order keeps a node's lowest buckets, so its highest are the ones released.
            if (owner != null && kept.get(owner) < targets.of(owner)) {
                kept.merge(owner, 1, Integer::sum);
            } else {
                freed.add(b);
            }
        }
        LeastLoaded underTarget = new LeastLoaded(kept, targets.perNode());
        Assignment.Builder owners = request.current().toBuilder();
        for (int bucket : freed) {
            owners.set(bucket, underTarget.take());
        }
        return owners.build();
    }
}
