package org.dtablecluster.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OperatorIntentTest {

    private static final List<NodeInfo> ABC = List.of(NodeInfo.of("a"), NodeInfo.of("b"), NodeInfo.of("c"));

    /** Written before drains and pins: keeps live owners, deals orphans round-robin over live nodes. */
    private static final class OldStrategy implements AssignmentStrategy {
        @Override
        public String name() {
            return "old";
        }

        @Override
        public Assignment assign(AssignmentRequest request) {
            List<String> live = new ArrayList<>(request.liveNodes().keySet());
            Assignment.Builder owners = request.current().toBuilder();
            for (int b = 0; b < request.bucketCount(); b++) {
                if (request.kind() == RunKind.REBALANCE || !request.isLive(owners.get(b))) {
                    owners.set(b, live.get(b % live.size()));
                }
            }
            return owners.build();
        }
    }

    private static AssignmentRequest request(List<String> owners, RunKind kind, Set<String> drained,
            Map<Integer, String> pins) {
        return AssignmentRequest.of(Assignment.of(owners), ABC, kind).withOperatorIntent(drained, pins);
    }

    @Test
    void eligibilityLeavesOutDrainedNodesUnlessEveryLiveNodeIsDrained() {
        AssignmentRequest r = request(List.of("a", "b", "c", "c"), RunKind.REPAIR, Set.of("b", "gone"), Map.of());
        assertEquals(Set.of("a", "c"), r.eligibleNodes().keySet());
        assertTrue(r.isDrained("gone"));
        assertFalse(r.isEligible("b"));
        assertFalse(r.everyLiveNodeDrained());
        assertEquals(Optional.empty(), r.stayingOwner(1));
        assertEquals(Optional.of("b"), r.liveOwner(1));

        AssignmentRequest all = r.withOperatorIntent(Set.of("a", "b", "c"), Map.of());
        assertTrue(all.everyLiveNodeDrained());
        assertEquals(Set.of("a", "b", "c"), all.eligibleNodes().keySet());
        assertEquals(Optional.of("b"), all.stayingOwner(1));
    }

    @Test
    void pinsCountOnlyForEligibleNodes() {
        AssignmentRequest r = request(List.of("a", "b", "c", "c"), RunKind.REPAIR, Set.of("b"),
                Map.of(0, "c", 1, "b", 2, "gone", 3, "c"));
        assertEquals(Optional.of("c"), r.pinnedOwner(0));
        assertEquals(Optional.empty(), r.pinnedOwner(1), "a pin to a drained node is ignored");
        assertEquals(Optional.empty(), r.pinnedOwner(2), "a pin to a node that is not live is ignored");
        assertEquals(Optional.empty(), r.stayingOwner(0), "pinned elsewhere");
        assertEquals(Optional.of("c"), r.stayingOwner(3), "already on its pin");
        assertEquals(Map.of("a", 0, "c", 2), r.pinnedCounts());
    }

    @Test
    void badIntentIsRefusedByName() {
        AssignmentRequest r = request(List.of("a", "b"), RunKind.REPAIR, Set.of(), Map.of());
        var e = assertThrows(IllegalArgumentException.class, () -> r.withOperatorIntent(Set.of(), Map.of(2, "a")));
        assertTrue(e.getMessage().contains("pinned bucket must be in [0, 1], was 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> r.withOperatorIntent(Set.of(" "), Map.of()));
        assertTrue(e.getMessage().contains("blank"), e.getMessage());
    }

    @Test
    void theOldConstructorGivesNoIntentAndEqualsTheNewOneWithout() {
        AssignmentRequest r = request(List.of("a", "b"), RunKind.REPAIR, Set.of(), Map.of());
        assertTrue(r.drainedNodes().isEmpty());
        assertTrue(r.pins().isEmpty());
        assertEquals(r, new AssignmentRequest(2, r.current(), r.liveNodes(), Map.of(), RunKind.REPAIR));
        assertFalse(new OldStrategy().honoursOperatorIntent());
    }

    @Test
    void theValidatorNamesDrainedNodesPinsAndStayingOwners() {
        AssignmentRequest r = request(Arrays.asList("a", "b", "c", null), RunKind.REPAIR, Set.of("b"), Map.of(3, "a"));
        assertEquals("bucket 01 is assigned to b, which is drained", invalid(r, List.of("a", "b", "c", "a")));
        assertEquals("bucket 03 is pinned to a but assigned to c", invalid(r, List.of("a", "c", "c", "c")));
        assertEquals("repair moved bucket 00 from live node a to c", invalid(r, List.of("c", "c", "c", "a")));
        AssignmentValidator.check(r, Assignment.of(List.of("a", "c", "c", "a")));
    }

    @Test
    void anOldStrategyIsAskedWithoutTheDrainedNodesAndItsAnswerPinned() {
        // a: 0 3 6, b: 1 4 7 (drained), c: 2 5 8; bucket 5 pinned to a.
        List<String> owners = List.of("a", "b", "c", "a", "b", "c", "a", "b", "c");
        AssignmentRequest repair = request(owners, RunKind.REPAIR, Set.of("b"), Map.of(5, "a"));
        Assignment result = OperatorIntentAdapter.assign(new OldStrategy(), repair);
        AssignmentValidator.check(repair, result);
        // Orphans 1 4 7 dealt over {a, c}: 1->c, 4->a, 7->c; then 5 goes to a and a hands c the
        // orphan 4 it was given, so both keep the counts the old strategy chose.
        assertEquals(List.of("a", "c", "c", "a", "c", "a", "a", "c", "c"), result.owners());

        AssignmentRequest rebalance = request(owners, RunKind.REBALANCE, Set.of("b"), Map.of(5, "a"));
        Assignment balanced = OperatorIntentAdapter.assign(new OldStrategy(), rebalance);
        AssignmentValidator.check(rebalance, balanced);
        assertEquals(Map.of("a", 5, "c", 4), balanced.bucketCounts());
    }

    @Test
    void aStrategyThatHonoursIntentIsAskedAsItIs() {
        AssignmentStrategy honest = new AssignmentStrategy() {
            @Override
            public String name() {
                return "honest";
            }

            @Override
            public boolean honoursOperatorIntent() {
                return true;
            }

            @Override
            public Assignment assign(AssignmentRequest request) {
                assertEquals(Set.of("b"), request.drainedNodes());
                return Assignment.of(List.of("a", "a"));
            }
        };
        AssignmentRequest r = request(List.of("a", "b"), RunKind.REBALANCE, Set.of("b"), Map.of());
        assertEquals(List.of("a", "a"), OperatorIntentAdapter.assign(honest, r).owners());
    }

    private static String invalid(AssignmentRequest request, List<String> owners) {
        return assertThrows(InvalidAssignmentException.class,
                () -> AssignmentValidator.check(request, Assignment.of(owners))).getMessage();
    }
}
