package org.dtablecluster.strategy.sticky;

import org.dtablecluster.spi.Assignment;
import org.dtablecluster.spi.AssignmentRequest;

/** A repair: orphaned buckets to the emptiest live nodes, everything else where it is. */
final class Repair {

    private Repair() {
    }

    static Assignment assign(AssignmentRequest request) {
        LeastLoaded nodes = LeastLoaded.uncapped(LiveLoads.of(request));
        Assignment.Builder owners = request.current().toBuilder();
        for (int b = 0; b < request.bucketCount(); b++) {
            if (!request.isLive(owners.get(b))) {
                owners.set(b, nodes.take());
            }
        }
        return owners.build();
    }
}
