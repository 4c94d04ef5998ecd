package org.dtablecluster.tck;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.spi.NodeInfo;

/**
 * Which nodes are live, and which left and may come back. Only ordered maps, so the same random
 * numbers always pick the same nodes.
 */
final class Membership {

    /** A node that came back, and the buckets it owned when it left. */
    record Returned(String nodeId, List<Integer> oldBuckets) {
        Returned {
            oldBuckets = List.copyOf(oldBuckets);
        }
    }

    private final int maxNodes;
    private final ClusterSimulation.NodeFactory nodeFactory;
    private final TreeMap<String, NodeInfo> live = new TreeMap<>();
    /** In order of leaving; only the latest few are remembered, as an operator would. */
    private final LinkedHashMap<String, List<Integer>> departed = new LinkedHashMap<>();
    private int nextNumber = 1;

    Membership(int maxNodes, ClusterSimulation.NodeFactory nodeFactory) {
        this.maxNodes = maxNodes;
        this.nodeFactory = nodeFactory;
    }

    SortedMap<String, NodeInfo> live() {
        return Collections.unmodifiableSortedMap(live);
    }

    int size() {
        return live.size();
    }

    boolean canJoin() {
        return live.size() < maxNodes;
    }

    boolean hasDeparted() {
        return !departed.isEmpty();
    }

    /** A node that has left, picked at random; its id is a realistic dead owner. */
    String randomDeparted(Random random) {
        return pick(new ArrayList<>(departed.keySet()), random);
    }

    /** A brand-new node joins. Unpadded numbers, so lexicographic and numeric order differ. */
    void join(Random random) {
        if (canJoin()) {
            String id = "dtable-server-" + nextNumber++;
            live.put(id, newNode(id, random));
        }
    }

    /** A random live node leaves, remembering what it owned; the last node never leaves. */
    void leave(Random random, Assignment.Builder owners) {
        if (live.size() > 1) {
            String id = pick(new ArrayList<>(live.keySet()), random);
            live.remove(id);
            List<Integer> held = new ArrayList<>();
            for (int b = 0; b < owners.bucketCount(); b++) {
                if (id.equals(owners.get(b))) {
                    held.add(b);
                }
            }
            departed.put(id, held);
            if (departed.size() > maxNodes) {
                departed.remove(departed.keySet().iterator().next());
            }
        }
    }

    /** A node that left comes back under its old id, or {@code null} when none can. */
    Returned comeBack(Random random) {
        if (departed.isEmpty() || !canJoin()) {
            return null;
        }
        String id = randomDeparted(random);
        List<Integer> oldBuckets = departed.remove(id);
        live.put(id, newNode(id, random));
        return new Returned(id, oldBuckets);
    }

    /** The factory gets a stream of its own, so however much it draws, membership is unchanged. */
    private NodeInfo newNode(String id, Random random) {
        NodeInfo node = nodeFactory.newNode(id, new Random(random.nextLong()));
        if (node == null || !node.nodeId().equals(id)) {
            throw new IllegalStateException("node factory returned " + node + " for " + id);
        }
        return node;
    }

    private static String pick(List<String> ids, Random random) {
        return ids.get(random.nextInt(ids.size()));
    }
}
