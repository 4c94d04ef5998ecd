package org.dtablecluster.strategy.sticky;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.spi.AssignmentRequest;
import org.dtablecluster.spi.AssignmentStrategy;
import org.dtablecluster.spi.Move;
import org.dtablecluster.spi.RunKind;
import org.dtablecluster.tck.AssignmentStrategyContractTest;
import org.dtablecluster.tck.TestData;

/**
 * The contract suite for {@code sticky-balanced}, plus its own promises checked on every round:
 * a rebalance is balanced to within one bucket (pins counted) using exactly the minimum number
 * of moves, and a repair hands orphans to the emptiest eligible nodes.
 */
class StickyBalancedContractTest extends AssignmentStrategyContractTest {

    @Override
    protected AssignmentStrategy newStrategy() {
        return new StickyBalancedStrategy();
    }

    @Override
    protected int rebalanceSpread() {
        return 1;
    }

    @Override
    protected void checkRound(AssignmentRequest request, Assignment result) {
        Map<String, Integer> counts = TestData.eligibleCounts(request, result);
        int min = Collections.min(counts.values());
        int moves = request.current().movesTo(result).size();
        if (request.kind() == RunKind.REBALANCE) {
            if (request.pins().isEmpty()) {
                assertTrue(Collections.max(counts.values()) - min <= 1, "not balanced: " + counts);
            }
            assertEquals(StickyBalancedStrategy.minimumMoves(request), moves,
                    "a rebalance must move exactly the minimum number of buckets");
        } else {
            // A node was the emptiest when it took its last orphan, and loads only grow after.
            Set<String> receivers = new TreeSet<>();
            request.current().movesTo(result).stream()
                    .filter(m -> request.pinnedOwner(m.bucket()).isEmpty())
                    .map(Move::to).forEach(receivers::add);
            for (String node : receivers) {
                assertTrue(counts.get(node) <= min + 1, "repair gave an orphan to " + node
                        + ", which ends with " + counts.get(node) + " while some node has " + min);
            }
        }
    }
}
