package org.dtablecluster.strategy.sticky;

import static org.dtablecluster.tck.TestData.nodeId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.spi.AssignmentRequest;
import org.dtablecluster.spi.AssignmentStrategy;
import org.dtablecluster.spi.Move;
import org.dtablecluster.spi.NodeInfo;
import org.dtablecluster.spi.RunKind;
import org.dtablecluster.tck.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class StickyBalancedStrategyTest {

    private final StickyBalancedStrategy strategy = new StickyBalancedStrategy();

    @Test
    void serviceLoaderFindsItByName() {
        AssignmentStrategy found = ServiceLoader.load(AssignmentStrategy.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(s -> s.name().equals("sticky-balanced"))
                .findFirst().orElseThrow(() -> new AssertionError("sticky-balanced not found"));
        assertInstanceOf(StickyBalancedStrategy.class, found);
    }

    @ParameterizedTest
    @EnumSource(RunKind.class)
    void twoNodesStartingFromNothingGetHalfEach(RunKind kind) {
        Assignment result = strategy.assign(
                AssignmentRequest.of(Assignment.unassigned(256), TestData.nodes(2), kind));
        assertEquals(Map.of(nodeId(1), 128, nodeId(2), 128), result.bucketCounts());
        // The emptiest node takes the next bucket, ties by id, so the two nodes alternate.
        assertEquals(nodeId(1), result.ownerOrNull(0));
        assertEquals(nodeId(2), result.ownerOrNull(1));
    }

    @Test
    void aThirdNodeJoiningMovesNothingOnRepairAndEightyFiveOnRebalance() {
        Assignment twoHalves = blocks(Map.of(nodeId(1), 128, nodeId(2), 128));
        List<NodeInfo> three = TestData.nodes(3);

        AssignmentRequest repair = AssignmentRequest.of(twoHalves, three, RunKind.REPAIR);
        assertEquals(twoHalves, strategy.assign(repair), "a repair must not touch live owners");

        AssignmentRequest rebalance = AssignmentRequest.of(twoHalves, three, RunKind.REBALANCE);
        Assignment result = strategy.assign(rebalance);
        assertEquals(Map.of(nodeId(1), 86, nodeId(2), 85, nodeId(3), 85), result.bucketCounts());
        List<Move> moves = twoHalves.movesTo(result);
        assertEquals(85, moves.size());
        assertEquals(85, StickyBalancedStrategy.minimumMoves(rebalance));
        assertTrue(moves.stream().allMatch(m -> m.to().equals(nodeId(3))), moves.toString());
        // Each node gives up its highest-numbered buckets: 86..127 and 213..255.
        List<Integer> expected = new ArrayList<>();
        IntStream.rangeClosed(86, 127).forEach(expected::add);
        IntStream.rangeClosed(213, 255).forEach(expected::add);
        assertEquals(expected, moves.stream().map(Move::bucket).toList());
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4, 5, 7, 10, 16, 100, 255, 256})
    void losingOneOfNNodesMovesExactlyItsBuckets(int n) {
        List<NodeInfo> all = TestData.nodes(n);
        Assignment balanced = strategy.assign(
                AssignmentRequest.of(Assignment.unassigned(256), all, RunKind.REBALANCE));
        for (int lost = 0; lost < n; lost += Math.max(1, n / 4)) {
            String lostId = all.get(lost).nodeId();
            List<NodeInfo> survivors = new ArrayList<>(all);
            survivors.remove(lost);
            AssignmentRequest repair = AssignmentRequest.of(balanced, survivors, RunKind.REPAIR);
            Assignment result = strategy.assign(repair);
            List<Integer> moved = balanced.movesTo(result).stream().map(Move::bucket).toList();
            assertEquals(balanced.bucketsOf(lostId), moved, "n=" + n + " lost " + lostId);
            assertTrue(spread(result) <= 1, "n=" + n + ": " + result.bucketCounts());
            assertEquals(0, StickyBalancedStrategy.minimumMoves(
                    AssignmentRequest.of(result, survivors, RunKind.REBALANCE)),
                    "n=" + n + ": nothing should be left to rebalance");
        }
    }

    @Test
    void repairGivesOrphansToTheEmptiestNodeTiesByNodeId() {
        // "dtable-server-10" sorts before "dtable-server-9": ties go by text, not number.
        List<NodeInfo> nodes =
                TestData.nodes("dtable-server-9", "dtable-server-10", "dtable-server-8");
        Assignment.Builder current = Assignment.builder(8);
        current.set(0, "dtable-server-8").set(1, "dtable-server-8").set(2, "dtable-server-8");
        current.set(3, "dtable-server-gone");
        Assignment result = strategy.assign(
                AssignmentRequest.of(current.build(), nodes, RunKind.REPAIR));
        assertEquals(List.of("dtable-server-8", "dtable-server-8", "dtable-server-8",
                "dtable-server-10", "dtable-server-9", "dtable-server-10", "dtable-server-9",
                "dtable-server-10"), result.owners());
    }

    @Test
    void repairLeavesALopsidedButHealthyClusterAlone() {
        Assignment lopsided = blocks(Map.of(nodeId(1), 200, nodeId(2), 56));
        AssignmentRequest request =
                AssignmentRequest.of(lopsided, TestData.nodes(3), RunKind.REPAIR);
        assertEquals(lopsided, strategy.assign(request));
    }

    @Test
    void theExtraBucketGoesToTheNodeThatAlreadyHasIt() {
        // 7 buckets, 2 nodes: 4/3 is already balanced; giving node 2 the 4 would cost a move.
        Assignment current = blocks(7, Map.of(nodeId(1), 3, nodeId(2), 4));
        AssignmentRequest request =
                AssignmentRequest.of(current, TestData.nodes(2), RunKind.REBALANCE);
        assertEquals(0, StickyBalancedStrategy.minimumMoves(request));
        assertEquals(current, strategy.assign(request));
    }

    @Test
    void theBoundCountsOrphansAndExcess() {
        // 10 buckets, 3 nodes: q=3, r=1. Node 1 has 6, node 2 has 3, node 3 none, one unowned.
        // Targets 4/3/3 keep 4 + 3 + 0 = 7, so 3 buckets move: 2 of node 1's and the orphan.
        Assignment current = blocks(10, Map.of(nodeId(1), 6, nodeId(2), 3));
        AssignmentRequest request =
                AssignmentRequest.of(current, TestData.nodes(3), RunKind.REBALANCE);
        assertEquals(3, StickyBalancedStrategy.minimumMoves(request));
        Assignment result = strategy.assign(request);
        assertEquals(Map.of(nodeId(1), 4, nodeId(2), 3, nodeId(3), 3), result.bucketCounts());
        assertEquals(3, current.movesTo(result).size());
    }

    @Test
    void tiesForTheExtraBucketGoByNodeId() {
        // 9 buckets, nodes 1 and 2 hold 4 each, one unowned: node 1 wins the tie for 5.
        Assignment current = blocks(9, Map.of(nodeId(2), 4, nodeId(1), 4));
        Assignment result = strategy.assign(
                AssignmentRequest.of(current, TestData.nodes(2), RunKind.REBALANCE));
        assertEquals(Map.of(nodeId(1), 5, nodeId(2), 4), result.bucketCounts());
    }

    @Test
    void moreNodesThanBucketsLeavesSomeEmpty() {
        AssignmentRequest request = AssignmentRequest.of(
                Assignment.unassigned(4), TestData.nodes(6), RunKind.REBALANCE);
        Assignment result = strategy.assign(request);
        assertEquals(Map.of(nodeId(1), 1, nodeId(2), 1, nodeId(3), 1, nodeId(4), 1),
                result.bucketCounts());
        assertEquals(4, StickyBalancedStrategy.minimumMoves(request));
    }

    @Test
    void rebalancingABalancedClusterMovesNothing() {
        Assignment balanced = TestData.roundRobin(256, TestData.ids(TestData.nodes(10)));
        AssignmentRequest request =
                AssignmentRequest.of(balanced, TestData.nodes(10), RunKind.REBALANCE);
        assertEquals(balanced, strategy.assign(request));
    }

    @Test
    void itTakesNoOptions() {
        strategy.validateOptions(Map.of());
        var e = assertThrows(IllegalArgumentException.class,
                () -> strategy.validateOptions(Map.of("weight_attribute", "w", "max_moves", "3")));
        assertTrue(e.getMessage().contains("sticky-balanced takes no options"), e.getMessage());
        assertTrue(e.getMessage().contains("[max_moves, weight_attribute]"), e.getMessage());
    }

    @Test
    void itHasItsName() {
        assertEquals("sticky-balanced", strategy.name());
        assertTrue(strategy.description().contains("fewest moves"), strategy.description());
    }

    private static int spread(Assignment assignment) {
        Collection<Integer> counts = assignment.bucketCounts().values();
        return Collections.max(counts) - Collections.min(counts);
    }

    private static Assignment blocks(Map<String, Integer> counts) {
        return blocks(256, counts);
    }

    /** Consecutive blocks in node id order, so tests read the same whatever map they pass. */
    private static Assignment blocks(int bucketCount, Map<String, Integer> counts) {
        return TestData.withCounts(bucketCount, new LinkedHashMap<>(new TreeMap<>(counts)));
    }
}
