package org.dtablecluster.strategy.sticky;

import java.util.Comparator;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Hands out buckets to the node holding the fewest, ties by node id, never past a node's cap.
 * The order is total, so the same loads always give the same sequence of nodes.
 */
final class LeastLoaded {

    private record Load(String nodeId, int buckets, int cap) {
    }

    private static final Comparator<Load> FEWEST_FIRST =
            Comparator.comparingInt(Load::buckets).thenComparing(Load::nodeId);

    private final PriorityQueue<Load> queue = new PriorityQueue<>(FEWEST_FIRST);

    /**
     * @param loads buckets each node holds now
     * @param caps the most each node may hold; a node absent here has no cap
     */
    LeastLoaded(Map<String, Integer> loads, Map<String, Integer> caps) {
        loads.forEach((id, buckets) -> {
            int cap = caps.getOrDefault(id, Integer.MAX_VALUE);
            if (buckets < cap) {
                queue.add(new Load(id, buckets, cap));
            }
        });
    }

    /** Nodes whose loads are {@code loads}, with no cap. */
    static LeastLoaded uncapped(Map<String, Integer> loads) {
        return new LeastLoaded(loads, Map.of());
    }

    /**
     * The node that should take the next bucket, now counted as holding it.
     *
     * @throws IllegalStateException when every node is at its cap
     */
    String take() {
        Load least = queue.poll();
        if (least == null) {
            // Callers hand out exactly the free room, so this is a bug in the caller.
            throw new IllegalStateException("every node is at its cap; none can take a bucket");
        }
        if (least.buckets() + 1 < least.cap()) {
            queue.add(new Load(least.nodeId(), least.buckets() + 1, least.cap()));
        }
        return least.nodeId();
    }
}
