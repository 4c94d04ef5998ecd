package org.dtablecluster.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.spi.AssignmentRequest;
import org.dtablecluster.spi.AssignmentStrategy;
import org.dtablecluster.spi.Move;
import org.dtablecluster.spi.RunKind;
import org.dtablecluster.tck.AssignmentStrategyContractTest;

/**
 * The contract suite every plugin should extend: here with the option {@code nodes: 3}, plus the
 * plugin's own rule checked on every round of the simulation.
 */
class FirstNodesContractTest extends AssignmentStrategyContractTest {

    @Override
    protected AssignmentStrategy newStrategy() {
        return new FirstNodesStrategy();
    }

    @Override
    protected Map<String, String> options() {
        return Map.of(FirstNodesStrategy.NODES, "3");
    }

    @Override
    protected void checkRound(AssignmentRequest request, Assignment result) {
        List<String> ids = new ArrayList<>(request.eligibleNodes().keySet());
        List<String> first = ids.subList(0, Math.min(3, ids.size()));
        if (request.kind() == RunKind.REBALANCE) {
            for (int b = 0; b < result.bucketCount(); b++) {
                assertEquals(request.pinnedOwner(b).orElse(first.get(b % first.size())), result.ownerOrNull(b),
                        "bucket " + b);
            }
        } else {
            for (Move m : request.current().movesTo(result)) {
                assertEquals(request.pinnedOwner(m.bucket()).orElse(first.get(m.bucket() % first.size())), m.to(),
                        "orphan " + m.bucketHex());
            }
        }
    }
}
