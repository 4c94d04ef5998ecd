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
 * every bucket on its rendezvous owner, and a repair sends every orphan to its rendezvous owner.
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
                assertEquals(RendezvousHash.owner(b, request.liveNodes().keySet()), result.ownerOrNull(b),
                        "bucket " + Assignment.hex(b) + " is not on its rendezvous owner after a rebalance");
            }
        } else {
            for (Move m : request.current().movesTo(result)) {
                assertEquals(RendezvousHash.owner(m.bucket(), request.liveNodes().keySet()), m.to(),
                        "orphan " + m.bucketHex() + " did not go to its rendezvous owner");
            }
        }
    }
}
