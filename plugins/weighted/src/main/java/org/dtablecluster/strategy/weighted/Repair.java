package org.dtablecluster.strategy.weighted;

import java.util.SortedMap;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.spi.AssignmentRequest;

/**
 * A repair: each orphaned bucket, in ascending order, to the live node furthest below its exact
 * weighted share; everything else where it is.
 */
final class Repair {

    private Repair() {
    }

    static Assignment assign(AssignmentRequest request, Weights weights) {
        SortedMap<String, Integer> loads = LiveLoads.of(request);
        FurthestBelow nodes = new FurthestBelow(false);
        // share - load, times the total weight so it stays a whole number
        loads.forEach((id, load) -> nodes.add(id,
                weights.scaledShare(request.bucketCount(), id) - Math.multiplyExact((long) load, weights.total()),
                weights.total()));
        Assignment.Builder owners = request.current().toBuilder();
        for (int b = 0; b < request.bucketCount(); b++) {
            if (!request.isLive(owners.get(b))) {
                owners.set(b, nodes.take());
            }
        }
        return owners.build();
    }
}
