package org.dtablecluster.tck;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.dtablecluster.spi.AssignmentRequest;

/** Requests in one line, for failure messages that must show what the strategy was given. */
final class Requests {

    private static final int SHOWN_NODES = 8;

    private Requests() {
    }

    /** Kind, live nodes, current owners with counts (dead owners marked, unowned counted), drains, pins. */
    static String describe(AssignmentRequest request) {
        String live = request.liveNodes().keySet().stream().limit(SHOWN_NODES)
                .collect(Collectors.joining(", "));
        int more = request.liveNodes().size() - SHOWN_NODES;
        Map<String, Integer> owners = new TreeMap<>();
        int unowned = 0;
        for (String owner : request.current().owners()) {
            if (owner == null) {
                unowned++;
            } else {
                String key = request.isLive(owner) ? owner : owner + " (not live)";
                owners.merge(key, 1, Integer::sum);
            }
        }
        return request.kind() + " with " + request.liveNodes().size() + " live nodes [" + live
                + (more > 0 ? ", ... " + more + " more" : "") + "], current owners " + owners
                + ", " + unowned + " of " + request.bucketCount() + " buckets unowned"
                + (request.options().isEmpty()
                        ? "" : ", options " + new TreeMap<>(request.options()))
                + (request.drainedNodes().isEmpty() ? "" : ", drained " + request.drainedNodes()
                        + (request.everyLiveNodeDrained() ? " (every live node: drains void)" : ""))
                + (request.pins().isEmpty() ? "" : ", pins per eligible node " + request.pinnedCounts()
                        + " of " + request.pins().size() + " pins");
    }
}
