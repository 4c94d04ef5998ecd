package org.dtablecluster.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.spi.AssignmentRequest;
import org.dtablecluster.spi.AssignmentStrategy;
import org.dtablecluster.spi.NodeInfo;
import org.dtablecluster.spi.RunKind;
import org.junit.jupiter.api.Test;

class FirstNodesStrategyTest {

    private final FirstNodesStrategy strategy = new FirstNodesStrategy();

    @Test
    void theServiceFileNamesIt() {
        AssignmentStrategy found = ServiceLoader.load(AssignmentStrategy.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(s -> s.name().equals("example-first-nodes"))
                .findFirst().orElseThrow(() -> new AssertionError("example-first-nodes not found"));
        assertInstanceOf(FirstNodesStrategy.class, found);
    }

    @Test
    void bucketsGoRoundRobinToTheFirstNodesByName() {
        List<NodeInfo> nodes = List.of(NodeInfo.of("dtable-server-c"), NodeInfo.of("dtable-server-a"),
                NodeInfo.of("dtable-server-b"));
        Assignment result = strategy.assign(AssignmentRequest.of(Assignment.unassigned(256), nodes,
                Map.of("nodes", "2"), RunKind.REPAIR));
        assertEquals(Map.of("dtable-server-a", 128, "dtable-server-b", 128), result.bucketCounts());
        assertEquals("dtable-server-a", result.ownerOrNull(0));
        assertEquals("dtable-server-b", result.ownerOrNull(1));
    }

    @Test
    void oneNodeByDefaultAndAllOfThemWhenThereAreFewer() {
        List<NodeInfo> nodes = List.of(NodeInfo.of("dtable-server-b"), NodeInfo.of("dtable-server-a"));
        assertEquals(Map.of("dtable-server-a", 256), strategy.assign(AssignmentRequest.of(
                Assignment.unassigned(256), nodes, RunKind.REBALANCE)).bucketCounts());
        assertEquals(Map.of("dtable-server-a", 128, "dtable-server-b", 128), strategy.assign(AssignmentRequest.of(
                Assignment.unassigned(256), nodes, Map.of("nodes", "5"), RunKind.REBALANCE)).bucketCounts());
    }

    @Test
    void badOptionsAreRefusedWithAMessageNamingThem() {
        strategy.validateOptions(Map.of());
        strategy.validateOptions(Map.of("nodes", "1000"));
        assertEquals("example-first-nodes: option 'nodes' must be a whole number from 1 to 1000, was 'two'",
                assertThrows(IllegalArgumentException.class,
                        () -> strategy.validateOptions(Map.of("nodes", "two"))).getMessage());
        assertEquals("example-first-nodes: option 'nodes' must be a whole number from 1 to 1000, was '0'",
                assertThrows(IllegalArgumentException.class,
                        () -> strategy.validateOptions(Map.of("nodes", "0"))).getMessage());
        assertEquals("example-first-nodes knows only the option 'nodes', but got [node]; remove them from"
                + " strategy_options", assertThrows(IllegalArgumentException.class,
                        () -> strategy.validateOptions(Map.of("node", "2"))).getMessage());
    }
}
