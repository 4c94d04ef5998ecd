package org.dtablecluster.tck;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.spi.AssignmentRequest;
import org.dtablecluster.spi.NodeInfo;
import org.dtablecluster.spi.RunKind;

/** Small builders of nodes, assignments and requests for strategy tests. */
public final class TestData {

    private TestData() {
    }

    /** Node {@code number} as {@code dtable-server-NN}: below 100, text order is number order. */
    public static String nodeId(int number) {
        return String.format("dtable-server-%02d", number);
    }

    /** Nodes {@code dtable-server-01} to {@code dtable-server-<count>}, without attributes. */
    public static List<NodeInfo> nodes(int count) {
        List<NodeInfo> nodes = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            nodes.add(NodeInfo.of(nodeId(i)));
        }
        return List.copyOf(nodes);
    }

    /** Nodes with the given ids, without attributes. */
    public static List<NodeInfo> nodes(String... ids) {
        return Arrays.stream(ids).map(NodeInfo::of).toList();
    }

    /** The ids of {@code nodes}, in order. */
    public static List<String> ids(List<NodeInfo> nodes) {
        return nodes.stream().map(NodeInfo::nodeId).toList();
    }

    /**
     * An assignment where each node owns a block of consecutive buckets of the given size, in the
     * map's iteration order from bucket 0; buckets after the last block are unowned.
     *
     * @throws IllegalArgumentException when the counts add up to more than {@code bucketCount}
     */
    public static Assignment withCounts(int bucketCount, Map<String, Integer> counts) {
        Assignment.Builder builder = Assignment.builder(bucketCount);
        int bucket = 0;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            for (int i = 0; i < e.getValue(); i++) {
                if (bucket >= bucketCount) {
                    throw new IllegalArgumentException(
                            "counts " + counts + " exceed " + bucketCount + " buckets");
                }
                builder.set(bucket++, e.getKey());
            }
        }
        return builder.build();
    }

    /** Buckets dealt to {@code ids} in turn: bucket b goes to {@code ids.get(b % ids.size())}. */
    public static Assignment roundRobin(int bucketCount, List<String> ids) {
        Assignment.Builder builder = Assignment.builder(bucketCount);
        for (int b = 0; b < bucketCount; b++) {
            builder.set(b, ids.get(b % ids.size()));
        }
        return builder.build();
    }

    /**
     * A request in a random, lopsided state: {@code liveCount} live nodes, a few dead owners and
     * some unowned buckets, where owners get skewed shares (exponential weights), since a
     * uniformly random state is already nearly balanced and tests little.
     */
    public static AssignmentRequest randomRequest(Random random, int bucketCount, int liveCount,
            RunKind kind) {
        return randomRequest(random, bucketCount, nodes(liveCount), Map.of(), kind);
    }

    /** Like the other {@code randomRequest}, with these live nodes and options. */
    public static AssignmentRequest randomRequest(Random random, int bucketCount,
            List<NodeInfo> live, Map<String, String> options, RunKind kind) {
        List<String> owners = new ArrayList<>(ids(live));
        for (int i = 0, dead = random.nextInt(4); i < dead; i++) {
            owners.add("dtable-server-dead-" + i);
        }
        owners.add(null); // the weight of "no owner"
        double[] weights = new double[owners.size()];
        double total = 0;
        for (int i = 0; i < weights.length; i++) {
            weights[i] = random.nextInt(4) == 0 ? 0 : -Math.log(1 - random.nextDouble());
            total += weights[i];
        }
        Assignment.Builder builder = Assignment.builder(bucketCount);
        for (int b = 0; b < bucketCount; b++) {
            builder.set(b, owners.get(pickWeighted(random, weights, total)));
        }
        return AssignmentRequest.of(builder.build(), live, options, kind);
    }

    /** Buckets held per owner, with every live node present (zero when it holds nothing). */
    public static Map<String, Integer> liveCounts(
            AssignmentRequest request, Assignment assignment) {
        Map<String, Integer> counts = new TreeMap<>();
        request.liveNodes().keySet().forEach(id -> counts.put(id, 0));
        assignment.bucketCounts().forEach((id, n) -> {
            if (request.isLive(id)) {
                counts.put(id, n);
            }
        });
        return counts;
    }

    /** Buckets held per eligible node (see {@link AssignmentRequest#eligibleNodes()}), zero included. */
    public static Map<String, Integer> eligibleCounts(AssignmentRequest request, Assignment assignment) {
        Map<String, Integer> counts = new TreeMap<>();
        request.eligibleNodes().keySet().forEach(id -> counts.put(id, 0));
        assignment.bucketCounts().forEach((id, n) -> {
            if (counts.containsKey(id)) {
                counts.put(id, n);
            }
        });
        return counts;
    }

    private static int pickWeighted(Random random, double[] weights, double total) {
        if (total == 0) {
            return weights.length - 1;
        }
        double x = random.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            x -= weights[i];
            if (x < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }
}
