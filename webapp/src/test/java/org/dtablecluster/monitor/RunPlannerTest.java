package org.dtablecluster.monitor;

import static org.dtablecluster.monitor.Snapshots.node;
import static org.dtablecluster.monitor.Snapshots.roundRobin;
import static org.dtablecluster.monitor.Snapshots.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.dtablecluster.monitor.RunPlanner.Plan;
import org.dtablecluster.monitor.RunPlanner.PlanningException;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.spi.AssignmentRequest;
import org.dtablecluster.spi.AssignmentStrategy;
import org.dtablecluster.spi.Move;
import org.dtablecluster.spi.RunKind;
import org.dtablecluster.strategy.sticky.StickyBalancedStrategy;
import org.junit.jupiter.api.Test;

class RunPlannerTest {

    private static final String A = "dtable-server-a";
    private static final String B = "dtable-server-b";
    private static final String C = "dtable-server-c";
    private final StickyBalancedStrategy sticky = new StickyBalancedStrategy();

    @Test
    void repairMovesOnlyTheBucketsOfTheMissingNode() throws Exception {
        Plan p = RunPlanner.plan(snapshot(9, List.of(node(A, 1), node(B, 2)), roundRobin(A, B, C)), sticky, Map.of(),
                RunKind.REPAIR, Set.of());
        assertEquals(roundRobin(A, B, C).bucketsOf(C).size(), p.moves().size());
        assertTrue(p.moves().stream().allMatch(m -> m.from().equals(C)), p.moves().toString());
        assertEquals(0, p.heldBuckets());
    }

    @Test
    void heldOwnersKeepTheirBucketsWhileUnownedOnesAreAssigned() throws Exception {
        Assignment.Builder current = roundRobin(A, C).toBuilder();
        current.set(0, null).set(1, null);
        Plan p = RunPlanner.plan(snapshot(9, List.of(node(A, 1)), current.build()), sticky, Map.of(), RunKind.REPAIR,
                Set.of(C));
        assertEquals(List.of(new Move(0, null, A), new Move(1, null, A)), p.moves());
        assertEquals(127, p.heldBuckets());
        assertEquals(C, p.target().ownerOrNull(255));
    }

    @Test
    void theStrategySeesLiveNodesWithTheirAttributesButNotTheIdAsAnAttribute() throws Exception {
        AtomicReference<AssignmentRequest> seen = new AtomicReference<>();
        AssignmentStrategy spy = new AssignmentStrategy() {
            @Override
            public String name() {
                return "spy";
            }

            @Override
            public Assignment assign(AssignmentRequest request) {
                seen.set(request);
                return sticky.assign(request);
            }
        };
        RunPlanner.plan(snapshot(9, List.of(node(A, 1)), Assignment.unassigned(256)), spy, Map.of("k", "v"),
                RunKind.REBALANCE, Set.of());
        AssignmentRequest r = seen.get();
        assertEquals(RunKind.REBALANCE, r.kind());
        assertEquals(Map.of("k", "v"), r.options());
        assertEquals("a", r.liveNodes().get(A).attributes().get("zone"));
        assertFalse(r.liveNodes().get(A).attributes().containsKey("node_id"));
    }

    @Test
    void aThrowingOrInvalidStrategyIsReportedNotPlanned() {
        TestStrategies.Switchable s = new TestStrategies.Switchable();
        var snap = snapshot(9, List.of(node(A, 1)), Assignment.unassigned(256));
        s.set(TestStrategies.Switchable.Mode.THROW);
        PlanningException thrown = assertThrows(PlanningException.class,
                () -> RunPlanner.plan(snap, s, Map.of(), RunKind.REPAIR, Set.of()));
        assertEquals("strategy 'switchable' failed: java.lang.IllegalStateException: boom in the strategy",
                thrown.getMessage());
        s.set(TestStrategies.Switchable.Mode.INVALID);
        PlanningException invalid = assertThrows(PlanningException.class,
                () -> RunPlanner.plan(snap, s, Map.of(), RunKind.REPAIR, Set.of()));
        assertEquals("strategy 'switchable' returned an invalid assignment: bucket 00 is assigned to "
                + "dtable-server-ghost, which is not a live node", invalid.getMessage());
    }
}
