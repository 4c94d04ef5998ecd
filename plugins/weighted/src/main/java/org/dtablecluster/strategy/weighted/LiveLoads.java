package org.dtablecluster.strategy.weighted;

import java.util.SortedMap;
import java.util.TreeMap;
import org.dtablecluster.spi.AssignmentRequest;

/**
 * What each eligible node (live, not drained) holds for sure before a run: the buckets pinned to
 * it, and the unpinned buckets it owns now and may keep.
 *
 * @param pinned per eligible node, its honoured pins
 * @param kept per eligible node, the unpinned buckets it owns now
 */
record LiveLoads(SortedMap<String, Integer> pinned, SortedMap<String, Integer> kept) {

    static LiveLoads of(AssignmentRequest request) {
        SortedMap<String, Integer> kept = new TreeMap<>();
        request.eligibleNodes().keySet().forEach(id -> kept.put(id, 0));
        for (int b = 0; b < request.bucketCount(); b++) {
            if (request.pinnedOwner(b).isEmpty()) {
                request.stayingOwner(b).ifPresent(owner -> kept.merge(owner, 1, Integer::sum));
            }
        }
        return new LiveLoads(request.pinnedCounts(), kept);
    }

    /** Pinned plus kept: what the node would hold if nothing of it moved. */
    SortedMap<String, Integer> total() {
        SortedMap<String, Integer> total = new TreeMap<>(kept);
        pinned.forEach((id, n) -> total.merge(id, n, Integer::sum));
        return total;
    }
}
