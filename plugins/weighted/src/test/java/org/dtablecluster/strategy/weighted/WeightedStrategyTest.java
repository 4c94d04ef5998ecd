package org.dtablecluster.strategy.weighted;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.spi.AssignmentRequest;
import org.dtablecluster.spi.AssignmentStrategy;
import org.dtablecluster.spi.Move;
import org.dtablecluster.spi.NodeInfo;
import org.dtablecluster.spi.RunKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WeightedStrategyTest {

    private static final String A = "dtable-server-a";
    private static final String B = "dtable-server-b";
    private static final String C = "dtable-server-c";

    private final WeightedStrategy strategy = new WeightedStrategy();

    @Test
    void serviceLoaderFindsItByName() {
        AssignmentStrategy found = ServiceLoader.load(AssignmentStrategy.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(s -> s.name().equals("weighted"))
                .findFirst().orElseThrow(() -> new AssertionError("weighted not found"));
        assertInstanceOf(WeightedStrategy.class, found);
    }

    @ParameterizedTest
    @EnumSource(RunKind.class)
    void aNodeOfWeightTwoGetsTwiceTheBuckets(RunKind kind) {
        Assignment result = strategy.assign(AssignmentRequest.of(Assignment.unassigned(256),
                List.of(node(A, "1"), node(B, "2"), node(C, "1")), kind));
        assertEquals(Map.of(A, 64, B, 128, C, 64), result.bucketCounts());
    }

    @Test
    void aMissingWeightCountsAsOneAndSoDoesAnInvalidOneUnlessStrict() {
        List<NodeInfo> nodes = List.of(NodeInfo.of(A), node(B, "3"), node(C, "lots"));
        Assignment result = strategy.assign(
                AssignmentRequest.of(Assignment.unassigned(250), nodes, RunKind.REBALANCE));
        assertEquals(Map.of(A, 50, B, 150, C, 50), result.bucketCounts());

        AssignmentRequest strict = AssignmentRequest.of(Assignment.unassigned(250), nodes,
                Map.of(WeightedStrategy.STRICT_WEIGHTS, "true"), RunKind.REPAIR);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> strategy.assign(strict));
        assertEquals("node dtable-server-c registered weight 'lots'; expected a number greater than 0,"
                + " at most 10000, with at most 6 decimals", e.getMessage());
    }

    @Test
    void weightsAreExactDecimals() {
        // 0.1 + 0.2 is not 0.3 in binary floating point; here the shares are exactly 1:2:3.
        List<NodeInfo> nodes = List.of(node(A, "0.1"), node(B, "0.2"), node(C, "0.3"));
        Assignment result = strategy.assign(
                AssignmentRequest.of(Assignment.unassigned(6), nodes, RunKind.REBALANCE));
        assertEquals(Map.of(A, 1, B, 2, C, 3), result.bucketCounts());
    }

    @Test
    void repairGivesEveryOrphanToTheNodeFurthestBelowItsShare() {
        // 8 buckets; A (weight 1) holds 0-1, B (weight 3) holds 2-3, a dead node held 4-7.
        // Shares: A 2, B 6. A is at its share, so all four orphans go to B.
        Assignment current = owners(A, A, B, B, "dtable-server-dead", "dtable-server-dead", null, null);
        AssignmentRequest request =
                AssignmentRequest.of(current, List.of(node(A, "1"), node(B, "3")), RunKind.REPAIR);
        Assignment result = strategy.assign(request);
        assertEquals(owners(A, A, B, B, B, B, B, B), result);
        assertEquals(List.of(4, 5, 6, 7), current.movesTo(result).stream().map(Move::bucket).toList(),
                "a repair moves exactly the orphans");
    }

    @Test
    void repairTiesGoByNodeIdAndSharesAreComparedAsNumbers() {
        // 6 buckets; A (weight 2) holds 2, B and C (weight 1) none: shares 3, 1.5, 1.5, so the
        // gaps are 1, 1.5, 1.5. Bucket 2: B (ties with C, smaller id), gap 0.5. Bucket 3: C,
        // gap 0.5. Bucket 4: A (gap 1). Bucket 5: B and C tie at 0.5, so B.
        Assignment current = owners(A, A, null, null, null, null);
        Assignment result = strategy.assign(AssignmentRequest.of(current,
                List.of(node(A, "2"), node(B, "1"), node(C, "1")), RunKind.REPAIR));
        assertEquals(owners(A, A, B, C, A, B), result);
    }

    @Test
    void rebalanceMovesOnlyTheExcessAndTheFreedBucketsFillTheFurthestBelow() {
        // A holds all 12. Weights 1, 1, 2: targets 3, 3, 6. A keeps 0-2; 3-11 move.
        Assignment current = owners(A, A, A, A, A, A, A, A, A, A, A, A);
        AssignmentRequest request = AssignmentRequest.of(current,
                List.of(node(A, "1"), node(B, "1"), node(C, "2")), RunKind.REBALANCE);
        Assignment result = strategy.assign(request);
        assertEquals(Map.of(A, 3, B, 3, C, 6), result.bucketCounts());
        // Gaps B 3, C 6: C, C, C, then B and C alternate at equal gaps, B first by id.
        assertEquals(owners(A, A, A, C, C, C, B, C, B, C, B, C), result);
        assertEquals(9, WeightedStrategy.minimumMoves(request));
        assertEquals(9, current.movesTo(result).size());
    }

    @Test
    void theExtraBucketOfATieGoesToTheNodeThatAlreadyHoldsIt() {
        // 7 buckets, equal weights: 4/3 is already an apportionment; giving A the 4 costs a move.
        Assignment current = owners(A, A, A, B, B, B, B);
        AssignmentRequest request =
                AssignmentRequest.of(current, List.of(node(A, "5"), node(B, "5")), RunKind.REBALANCE);
        assertEquals(Map.of(A, 3, B, 4), WeightedStrategy.targets(request));
        assertEquals(0, WeightedStrategy.minimumMoves(request));
        assertEquals(current, strategy.assign(request));
    }

    @Test
    void optionsAreCheckedAtStartUp() {
        strategy.validateOptions(Map.of());
        strategy.validateOptions(Map.of(WeightedStrategy.STRICT_WEIGHTS, "true"));
        var unknown = assertThrows(IllegalArgumentException.class,
                () -> strategy.validateOptions(Map.of("weight_attribute", "w", "max_moves", "3")));
        assertEquals("weighted knows only the option strict_weights, but got [max_moves, weight_attribute];"
                + " remove them from strategy_options", unknown.getMessage());
        var bad = assertThrows(IllegalArgumentException.class,
                () -> strategy.validateOptions(Map.of(WeightedStrategy.STRICT_WEIGHTS, "yes")));
        assertEquals("weighted: option strict_weights must be true or false, was 'yes'", bad.getMessage());
    }

    @Test
    void weightsParseLikeNodeWeight() {
        assertEquals(1_500_000L, Weights.parse("1.5").orElseThrow());
        assertEquals(10_000_000_000L, Weights.parse("10000").orElseThrow());
        assertEquals(1L, Weights.parse("0.000001").orElseThrow());
        assertEquals(2_000_000L, Weights.parse("2.000000000").orElseThrow());
        for (String invalid : List.of("0", "-1", "10000.5", "0.0000001", "NaN", "", "1,5", "two")) {
            assertTrue(Weights.parse(invalid).isEmpty(), invalid);
        }
    }

    @Test
    void itHasItsName() {
        assertEquals("weighted", strategy.name());
        assertTrue(strategy.description().contains("weighted share"), strategy.description());
    }

    @Test
    void theTargetsAreALargestRemainderApportionment() {
        AssignmentRequest request = AssignmentRequest.of(Assignment.unassigned(256),
                List.of(node(A, "1"), node(B, "1"), node(C, "1.5")), RunKind.REBALANCE);
        // shares 73.142857, 73.142857, 109.714286: floors 73, 73, 109 leave 1 for C
        assertEquals(Map.of(A, 73, B, 73, C, 110), WeightedStrategy.targets(request));
        assertNull(Apportionment.problem(request, WeightedStrategy.targets(request)));
    }

    static NodeInfo node(String id, String weight) {
        return new NodeInfo(id, Map.of("weight", weight, "node_url", "https://" + id + "/"));
    }

    static Assignment owners(String... owners) {
        List<String> list = new ArrayList<>();
        for (String o : owners) {
            list.add(o);
        }
        return Assignment.of(list);
    }
}
