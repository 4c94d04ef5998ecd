package org.dtablecluster.strategy.weighted;

import java.util.SortedMap;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.spi.AssignmentRequest;

/**
 * A repair: pinned buckets to their pins; each other bucket without a staying owner, in ascending
 * order, to the eligible node furthest below its exact weighted share (pins count as load);
 * everything else where it is.
 */
final class Repair {

    private Repair() {
    }

    static Assignment assign(AssignmentRequest request, Weights weights) {
        SortedMap<String, Integer> loads = LiveLoads.of(request).total();
        FurthestBelow nodes = new FurthestBelow(false);
        // share - load, times the total weight so it stays a whole number
        loads.forEach((id, load) -> nodes.add(id,
                weights.scaledShare(request.bucketCount(), id) - Math.multiplyExact((long) load, weights.total()),
                weights.total()));
        Assignment.Builder owners = request.current().toBuilder();
        for (int b = 0; b < request.bucketCount(); b++) {
            String pin = request.pinnedOwner(b).orElse(null);
            if (pin != null) {
                owners.set(b, pin);
            } else if (request.stayingOwner(b).isEmpty()) {
                owners.set(b, nodes.take());
            }
        }
        return owners.build();
    }
}
