package org.dtablecluster.strategy.sticky;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.spi.AssignmentRequest;
import org.dtablecluster.spi.RunKind;
import org.dtablecluster.tck.TestData;
import org.junit.jupiter.api.Test;

/**
 * The lower bound is right and the rebalance reaches it: on small clusters against an
 * exhaustive search over every balanced assignment, on full-size ones over many random states.
 */
class MinimumMovesTest {

    private static final long SEED = 20240611L;

    private final StickyBalancedStrategy strategy = new StickyBalancedStrategy();

    @Test
    void theBoundIsWhatAnExhaustiveSearchFinds() {
        Random random = new Random(SEED);
        for (int i = 0; i < 400; i++) {
            int buckets = 1 + random.nextInt(6);
            int nodes = 1 + random.nextInt(5);
            AssignmentRequest request =
                    TestData.randomRequest(random, buckets, nodes, RunKind.REBALANCE);
            String context = "seed=" + SEED + " case=" + i + " " + request.current().owners()
                    + " over " + request.liveNodes().keySet();
            int best = fewestMovesByExhaustiveSearch(request);
            assertEquals(best, StickyBalancedStrategy.minimumMoves(request), context);
            assertEquals(best, request.current().movesTo(strategy.assign(request)).size(), context);
        }
    }

    @Test
    void aRebalanceIsBalancedWithTheFewestMovesOnRandomFullSizeStates() {
        Random random = new Random(SEED);
        int moved = 0;
        for (int i = 0; i < 2000; i++) {
            int nodes = 1 + random.nextInt(i % 10 == 0 ? 256 : 12);
            AssignmentRequest request =
                    TestData.randomRequest(random, 256, nodes, RunKind.REBALANCE);
            String context = "seed=" + SEED + " case=" + i;
            Assignment result = strategy.assign(request);
            Map<String, Integer> counts = TestData.liveCounts(request, result);
            assertTrue(Collections.max(counts.values()) - Collections.min(counts.values()) <= 1,
                    context + ": " + counts);
            int moves = request.current().movesTo(result).size();
            assertEquals(StickyBalancedStrategy.minimumMoves(request), moves, context);
            assertTrue(moves >= orphans(request), context + ": orphans must all move");
            moved += moves;
        }
        assertTrue(moved > 0, "the random states should need some moves");
    }

    /** The fewest moves over every assignment of the buckets to the live nodes within one. */
    private static int fewestMovesByExhaustiveSearch(AssignmentRequest request) {
        List<String> nodes = new ArrayList<>(request.liveNodes().keySet());
        int buckets = request.bucketCount();
        int[] choice = new int[buckets];
        int best = Integer.MAX_VALUE;
        while (true) {
            int[] counts = new int[nodes.size()];
            int moves = 0;
            for (int b = 0; b < buckets; b++) {
                counts[choice[b]]++;
                moves += nodes.get(choice[b]).equals(request.current().ownerOrNull(b)) ? 0 : 1;
            }
            int min = Arrays.stream(counts).min().orElseThrow();
            int max = Arrays.stream(counts).max().orElseThrow();
            if (max - min <= 1) {
                best = Math.min(best, moves);
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

    private static long orphans(AssignmentRequest request) {
        return request.current().owners().stream().filter(o -> !request.isLive(o)).count();
    }
}
