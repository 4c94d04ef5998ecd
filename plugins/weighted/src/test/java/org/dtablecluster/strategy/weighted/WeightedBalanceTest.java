package org.dtablecluster.strategy.weighted;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.spi.AssignmentRequest;
import org.dtablecluster.spi.NodeInfo;
import org.dtablecluster.spi.RunKind;
import org.dtablecluster.strategy.sticky.StickyBalancedStrategy;
import org.dtablecluster.tck.TestData;
import org.junit.jupiter.api.Test;

/**
 * Shares and moves over many seeded random weight sets: every rebalance is a largest-remainder
 * apportionment (so within one bucket of every share) reached with the fewest moves, checked
 * against an exhaustive search on small clusters and against simple lower bounds on full-size ones.
 */
class WeightedBalanceTest {

    private static final long SEED = 0x3E16_47EDL;

    private final WeightedStrategy strategy = new WeightedStrategy();

    @Test
    void everyRebalanceIsWithinOneBucketOfEveryShare() {
        Random random = new Random(SEED);
        for (int i = 0; i < 2000; i++) {
            List<NodeInfo> nodes = weightedNodes(random, 1 + random.nextInt(i % 10 == 0 ? 256 : 40));
            AssignmentRequest request =
                    TestData.randomRequest(random, 256, nodes, Map.of(), RunKind.REBALANCE);
            String context = "seed=" + SEED + " case=" + i + " weights=" + weights(nodes);
            Map<String, Integer> counts = TestData.liveCounts(request, strategy.assign(request));
            assertNull(Shares.notWithinOne(request, counts), context);
            assertNull(Apportionment.problem(request, counts), context);
            assertEquals(WeightedStrategy.targets(request), counts, context);
        }
    }

    @Test
    void aRebalanceMovesNoMoreThanAnExhaustiveSearchNeeds() {
        Random random = new Random(SEED);
        for (int i = 0; i < 400; i++) {
            int buckets = 1 + random.nextInt(6);
            List<NodeInfo> nodes = weightedNodes(random, 1 + random.nextInt(4));
            AssignmentRequest request =
                    TestData.randomRequest(random, buckets, nodes, Map.of(), RunKind.REBALANCE);
            String context = "seed=" + SEED + " case=" + i + " " + request.current().owners() + " weights="
                    + weights(nodes);
            int best = fewestMovesByExhaustiveSearch(request);
            assertEquals(best, WeightedStrategy.minimumMoves(request), context);
            assertEquals(best, request.current().movesTo(strategy.assign(request)).size(), context);
        }
    }

    @Test
    void fullSizeRebalancesMoveTheMinimumAndNeverLessThanTheObviousBounds() {
        Random random = new Random(SEED + 1);
        int moved = 0;
        for (int i = 0; i < 2000; i++) {
            List<NodeInfo> nodes = weightedNodes(random, 1 + random.nextInt(i % 10 == 0 ? 256 : 12));
            AssignmentRequest request =
                    TestData.randomRequest(random, 256, nodes, Map.of(), RunKind.REBALANCE);
            String context = "seed=" + SEED + " case=" + i;
            int moves = request.current().movesTo(strategy.assign(request)).size();
            assertEquals(WeightedStrategy.minimumMoves(request), moves, context);
            // Orphans must move, and so must every bucket a node holds above ceil(share); every
            // bucket a node lacks below floor(share) must arrive.
            long orphans = request.current().owners().stream().filter(o -> !request.isLive(o)).count();
            long above = 0;
            long below = 0;
            Map<String, Integer> loads = TestData.liveCounts(request, request.current());
            BigDecimal total = Shares.total(request);
            for (Map.Entry<String, BigDecimal> e : Shares.numerators(request).entrySet()) {
                int load = loads.get(e.getKey());
                above += Math.max(0, load - e.getValue().divide(total, 0, RoundingMode.CEILING).intValueExact());
                below += Math.max(0, e.getValue().divide(total, 0, RoundingMode.FLOOR).intValueExact() - load);
            }
            assertTrue(moves >= Math.max(orphans + above, below), context + ": " + moves + " moves");
            moved += moves;
        }
        assertTrue(moved > 0, "the random states should need some moves");
    }

    @Test
    void withEqualWeightsARebalanceReachesTheCountsOfStickyBalanced() {
        Random random = new Random(SEED + 2);
        StickyBalancedStrategy sticky = new StickyBalancedStrategy();
        for (int i = 0; i < 500; i++) {
            int count = 1 + random.nextInt(40);
            String weight = random.nextBoolean() ? "2.5" : null;
            List<NodeInfo> nodes = new ArrayList<>();
            for (NodeInfo n : TestData.nodes(count)) {
                nodes.add(weight == null ? n : WeightedStrategyTest.node(n.nodeId(), weight));
            }
            AssignmentRequest request = TestData.randomRequest(random, 256, nodes, Map.of(), RunKind.REBALANCE);
            Assignment ours = strategy.assign(request);
            Assignment theirs = sticky.assign(request);
            String context = "seed=" + SEED + " case=" + i;
            assertEquals(theirs.bucketCounts(), ours.bucketCounts(), context);
            assertEquals(StickyBalancedStrategy.minimumMoves(request), WeightedStrategy.minimumMoves(request), context);
        }
    }

    /** Weights from a small set, so ties in the fractional parts are common; some nodes have none. */
    private static List<NodeInfo> weightedNodes(Random random, int count) {
        String[] weights = {"1", "2", "3", "0.5", "1.25", "4", "9.75", "100"};
        List<NodeInfo> nodes = new ArrayList<>();
        for (NodeInfo n : TestData.nodes(count)) {
            nodes.add(random.nextInt(8) == 0 ? n
                    : WeightedStrategyTest.node(n.nodeId(), weights[random.nextInt(weights.length)]));
        }
        return nodes;
    }

    private static String weights(List<NodeInfo> nodes) {
        return nodes.stream().map(n -> n.attributes().getOrDefault("weight", "-")).toList().toString();
    }

    /** The fewest moves over every assignment whose counts are a largest-remainder apportionment. */
    private static int fewestMovesByExhaustiveSearch(AssignmentRequest request) {
        List<String> nodes = new ArrayList<>(request.liveNodes().keySet());
        int buckets = request.bucketCount();
        int[] choice = new int[buckets];
        int best = Integer.MAX_VALUE;
        while (true) {
            Map<String, Integer> counts = new java.util.TreeMap<>();
            int moves = 0;
            for (int b = 0; b < buckets; b++) {
                counts.merge(nodes.get(choice[b]), 1, Integer::sum);
                moves += nodes.get(choice[b]).equals(request.current().ownerOrNull(b)) ? 0 : 1;
            }
            if (moves < best && Apportionment.problem(request, counts) == null) {
                best = moves;
            }
            int b = 0;
            while (b < buckets && ++choice[b] == nodes.size()) {
                choice[b++] = 0;
            }
            if (b == buckets) {
                return best;
            }
        }
    }
}
