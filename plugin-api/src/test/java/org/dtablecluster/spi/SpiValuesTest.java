package org.dtablecluster.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpiValuesTest {

    @Test
    void attributesAndOptionsIterateSorted() {
        Map<String, String> attrs = new HashMap<>();
        for (String k : List.of("zone", "weight", "node_url", "a", "m")) {
            attrs.put(k, k);
        }
        NodeInfo node = new NodeInfo("dtable-server-01", attrs);
        assertEquals(List.of("a", "m", "node_url", "weight", "zone"), new ArrayList<>(node.attributes().keySet()));

        AssignmentRequest request = AssignmentRequest.of(
                Assignment.unassigned(4), List.of(node), attrs, RunKind.REPAIR);
        assertEquals(List.of("a", "m", "node_url", "weight", "zone"), new ArrayList<>(request.options().keySet()));
    }

    @Test
    void movesListOnlyChangedBuckets() {
        Assignment before = Assignment.of(Arrays.asList("a", "a", null, "b"));
        Assignment after = Assignment.of(List.of("a", "b", "b", "b"));
        assertEquals(List.of(new Move(1, "a", "b"), new Move(2, null, "b")), before.movesTo(after));
        assertEquals("01: a -> b", before.movesTo(after).get(0).toString());
        assertFalse(before.isComplete());
        assertTrue(after.isComplete());
        assertEquals(Map.of("a", 2, "b", 1), before.bucketCounts());
    }

    @Test
    void validatorRejectsDeadOwnersUnownedBucketsAndRepairMoves() {
        Assignment current = Assignment.of(Arrays.asList("a", "dead", null, "b"));
        AssignmentRequest repair = AssignmentRequest.of(
                current, List.of(NodeInfo.of("a"), NodeInfo.of("b")), RunKind.REPAIR);

        AssignmentValidator.check(repair, Assignment.of(List.of("a", "b", "a", "b")));
        assertEquals("bucket 02 has no owner", assertThrows(InvalidAssignmentException.class,
                () -> AssignmentValidator.check(repair, Assignment.of(Arrays.asList("a", "b", null, "b")))).getMessage());
        assertEquals("bucket 01 is assigned to dead, which is not a live node",
                assertThrows(InvalidAssignmentException.class,
                        () -> AssignmentValidator.check(repair, current.toBuilder().set(2, "a").build())).getMessage());
        assertEquals("repair moved bucket 00 from live node a to b", assertThrows(InvalidAssignmentException.class,
                () -> AssignmentValidator.check(repair, Assignment.of(List.of("b", "b", "a", "b")))).getMessage());
        assertEquals("strategy returned 3 buckets, expected 4", assertThrows(InvalidAssignmentException.class,
                () -> AssignmentValidator.check(repair, Assignment.of(List.of("a", "b", "a")))).getMessage());

        AssignmentRequest rebalance = AssignmentRequest.of(
                current, List.of(NodeInfo.of("a"), NodeInfo.of("b")), RunKind.REBALANCE);
        AssignmentValidator.check(rebalance, Assignment.of(List.of("b", "b", "a", "a")));
    }

    @Test
    void requestRejectsInconsistentInput() {
        assertThrows(IllegalArgumentException.class,
                () -> AssignmentRequest.of(Assignment.unassigned(4), List.of(), RunKind.REPAIR));
        assertThrows(IllegalArgumentException.class, () -> AssignmentRequest.of(
                Assignment.unassigned(4), List.of(NodeInfo.of("a"), NodeInfo.of("a")), RunKind.REPAIR));
        assertThrows(IllegalArgumentException.class, () -> Assignment.of(List.of("a", " ")));
        assertThrows(IllegalArgumentException.class, () -> Assignment.unassigned(0));
    }
}
