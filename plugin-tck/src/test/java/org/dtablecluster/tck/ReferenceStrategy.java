package org.dtablecluster.tck;

import java.util.ArrayList;
import java.util.List;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.spi.AssignmentRequest;
import org.dtablecluster.spi.AssignmentStrategy;

/**
 * The simplest strategy that keeps the contract: live owners stay, an orphaned bucket b goes to
 * the (b mod N)-th live node. It never rebalances, which the contract allows.
 */
class ReferenceStrategy implements AssignmentStrategy {

    @Override
    public String name() {
        return "reference";
    }

    @Override
    public Assignment assign(AssignmentRequest request) {
        List<String> live = new ArrayList<>(request.liveNodes().keySet());
        Assignment.Builder owners = request.current().toBuilder();
        for (int b = 0; b < request.bucketCount(); b++) {
            if (!request.isLive(owners.get(b))) {
                owners.set(b, live.get(b % live.size()));
            }
        }
        return owners.build();
    }
}
