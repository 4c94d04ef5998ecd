package org.dtablecluster.strategy.weighted;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.spi.AssignmentRequest;
import org.dtablecluster.spi.AssignmentStrategy;
import org.dtablecluster.spi.Move;
import org.dtablecluster.spi.NodeInfo;
import org.dtablecluster.spi.RunKind;
import org.dtablecluster.tck.AssignmentStrategyContractTest;
import org.dtablecluster.tck.TestData;

/**
 * The contract suite for {@code weighted}, with nodes of random weights (some missing, some
 * invalid), plus its own promises on every round: a rebalance leaves every node within one bucket
 * of its share using exactly the minimum number of moves, and a repair gives an orphan only to a
 * node that stays below its share plus one.
 */
class WeightedContractTest extends AssignmentStrategyContractTest {

    private static final String[] WEIGHTS = {"1", "2", "3", "0.5", "1.5", "7.25", "10", "0.001", "10000"};
    private static final String[] INVALID = {"heavy", "0", "-2", "20000", "1e-9", ""};

    @Override
    protected AssignmentStrategy newStrategy() {
        return new WeightedStrategy();
    }

    @Override
    protected NodeInfo newNode(String nodeId, Random random) {
        Map<String, String> attributes = new TreeMap<>(super.newNode(nodeId, random).attributes());
        int pick = random.nextInt(20);
        if (pick == 0) {
            attributes.put("weight", INVALID[random.nextInt(INVALID.length)]);
        } else if (pick > 2) {
            attributes.put("weight", WEIGHTS[random.nextInt(WEIGHTS.length)]);
        } // else: no weight registered
        return new NodeInfo(nodeId, attributes);
    }

    @Override
    protected void checkRound(AssignmentRequest request, Assignment result) {
        Map<String, Integer> counts = TestData.eligibleCounts(request, result);
        boolean pinned = request.pins().keySet().stream().anyMatch(b -> request.pinnedOwner(b).isPresent());
        if (request.kind() == RunKind.REBALANCE) {
            if (pinned) {
                assertEquals(WeightedStrategy.targets(request), counts, "counts are not the pinned targets");
            } else {
                assertNull(Shares.notWithinOne(request, counts), "not within one bucket of every share");
            }
            assertEquals(WeightedStrategy.minimumMoves(request), request.current().movesTo(result).size(),
                    "a rebalance must move exactly the minimum number of buckets");
        } else {
            for (Move m : request.current().movesTo(result)) {
                if (request.pinnedOwner(m.bucket()).isPresent()) {
                    continue; // a pinned bucket goes to its pin, however loaded
                }
                assertTrue(Shares.belowSharePlusOne(request, m.to(), counts.get(m.to())), () -> "repair gave bucket "
                        + m.bucketHex() + " to " + m.to() + ", which ends with " + counts.get(m.to())
                        + " for a share of " + Shares.approximate(request).get(m.to()));
            }
        }
    }
}
