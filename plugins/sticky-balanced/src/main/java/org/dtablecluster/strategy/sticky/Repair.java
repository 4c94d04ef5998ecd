package org.dtablecluster.strategy.sticky;

import org.dtablecluster.spi.Assignment;
import org.dtablecluster.spi.AssignmentRequest;

/**
 * A repair: pinned buckets to their pins, other buckets without a staying owner to the emptiest
 * eligible nodes, everything else where it is.
 */
final class Repair {

    private Repair() {
    }

    static Assignment assign(AssignmentRequest request) {
        LeastLoaded nodes = LeastLoaded.uncapped(LiveLoads.of(request).total());
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
