package org.dtablecluster.strategy.weighted;

import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * Hands out buckets to the node furthest below its goal, ties by node id. Each bucket taken
 * lowers that node's gap by its step. The order is total, so the same gaps always give the same
 * sequence of nodes.
 */
final class FurthestBelow {

    private record Gap(String nodeId, long gap, long step) {
    }

    private static final Comparator<Gap> LARGEST_FIRST =
            Comparator.comparingLong(Gap::gap).reversed().thenComparing(Gap::nodeId);

    private final PriorityQueue<Gap> queue = new PriorityQueue<>(LARGEST_FIRST);
    private final boolean stopAtGoal;

    /** @param stopAtGoal whether a node whose gap reaches 0 takes no more buckets */
    FurthestBelow(boolean stopAtGoal) {
        this.stopAtGoal = stopAtGoal;
    }

    /** Adds a node {@code gap} below its goal, each bucket it takes closing {@code step}. */
    FurthestBelow add(String nodeId, long gap, long step) {
        if (!stopAtGoal || gap > 0) {
            queue.add(new Gap(nodeId, gap, step));
        }
        return this;
    }

    /**
     * The node that should take the next bucket, now counted as holding it.
     *
     * @throws IllegalStateException when every node has reached its goal
     */
    String take() {
        Gap furthest = queue.poll();
        if (furthest == null) {
            // Callers hand out exactly the room there is, so this is a bug in the caller.
            throw new IllegalStateException("every node is at its target; none can take a bucket");
        }
        add(furthest.nodeId(), furthest.gap() - furthest.step(), furthest.step());
        return furthest.nodeId();
    }
}
