package org.dtablecluster.strategy.rendezvous;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.dtablecluster.spi.Assignment;
import org.dtablecluster.spi.AssignmentRequest;
import org.dtablecluster.spi.AssignmentStrategy;
import org.dtablecluster.spi.Move;
import org.dtablecluster.spi.RunKind;
import org.dtablecluster.tck.AssignmentStrategyContractTest;

/**
 * The contract suite for {@code rendezvous}, plus its own rule on every round: a rebalance puts
 * every bucket on its pin or else its rendezvous owner among the eligible nodes, and a repair
 * sends every bucket it moves there too.
 */
class RendezvousContractTest extends AssignmentStrategyContractTest {

    @Override
    protected AssignmentStrategy newStrategy() {
        return new RendezvousStrategy();
    }

    @Override
    protected void checkRound(AssignmentRequest request, Assignment result) {
        if (request.kind() == RunKind.REBALANCE) {
            for (int b = 0; b < request.bucketCount(); b++) {
                assertEquals(expected(request, b), result.ownerOrNull(b),
                        "bucket " + Assignment.hex(b) + " is not on its pin or rendezvous owner after a rebalance");
            }
        } else {
            for (Move m : request.current().movesTo(result)) {
                assertEquals(expected(request, m.bucket()), m.to(),
                        "orphan " + m.bucketHex() + " did not go to its pin or rendezvous owner");
            }
        }
    }

    /** The pin, else the rendezvous owner among the eligible nodes: drained nodes out of the hash. */
    private static String expected(AssignmentRequest request, int bucket) {
        return request.pinnedOwner(bucket)
                .orElseGet(() -> RendezvousHash.owner(bucket, request.eligibleNodes().keySet()));
    }
}
