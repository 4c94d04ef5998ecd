package org.dtablecluster.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.spi.AssignmentRequest;
import org.dtablecluster.spi.AssignmentStrategy;
import org.dtablecluster.spi.NodeInfo;

/**
 * The hooks work: fewer buckets than nodes, options on every request, and node attributes from
 * {@link #newNode} reaching the strategy.
 */
class SmallClusterContractTest extends AssignmentStrategyContractTest {

    @Override
    protected AssignmentStrategy newStrategy() {
        return new ReferenceStrategy();
    }

    @Override
    protected int bucketCount() {
        return 16;
    }

    @Override
    protected int maxNodes() {
        return 24;
    }

    @Override
    protected Map<String, String> options() {
        return Map.of("spread", "even", "limit", "3");
    }

    @Override
    protected NodeInfo newNode(String nodeId, Random random) {
        return new NodeInfo(nodeId, Map.of("weight", String.valueOf(1 + random.nextInt(4))));
    }

    @Override
    protected void checkRound(AssignmentRequest request, Assignment result) {
        assertEquals(16, result.bucketCount());
        assertEquals(options(), request.options());
        request.liveNodes().values().forEach(node -> assertTrue(
                node.attribute("weight").isPresent(), node + " lacks the weight from newNode"));
    }
}
