package org.dtablecluster.strategy.weighted;

import java.util.SortedMap;
import java.util.TreeMap;
import org.dtablecluster.spi.AssignmentRequest;

/** How many buckets each live node owns now; orphaned buckets count for nobody. */
final class LiveLoads {

    private LiveLoads() {
    }

    /** Every live node, sorted by id, with its count of currently owned buckets (maybe 0). */
    static SortedMap<String, Integer> of(AssignmentRequest request) {
        SortedMap<String, Integer> loads = new TreeMap<>();
        request.liveNodes().keySet().forEach(id -> loads.put(id, 0));
        for (int b = 0; b < request.bucketCount(); b++) {
            request.liveOwner(b).ifPresent(owner -> loads.merge(owner, 1, Integer::sum));
        }
        return loads;
    }
}
