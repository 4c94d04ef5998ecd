package org.dtablecluster.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.spi.AssignmentRequest;
import org.dtablecluster.spi.NodeInfo;
import org.dtablecluster.spi.RunKind;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class ContractChecksTest {

    private final AssignmentRequest request = AssignmentRequest.of(
            TestData.roundRobin(8, List.of("dtable-server-01", "dtable-server-02", "gone")),
            List.of(new NodeInfo("dtable-server-02", Map.of("weight", "2", "zone", "b")),
                    new NodeInfo("dtable-server-01", Map.of("weight", "1", "zone", "a"))),
            Map.of("a", "1", "b", "2"), RunKind.REPAIR);

    @Test
    void copiesAndReorderedRequestsAreEqualButShareNothing() {
        AssignmentRequest copy = ContractChecks.copyOf(request);
        AssignmentRequest reordered = ContractChecks.reordered(request);
        assertEquals(request, copy);
        assertEquals(request, reordered);
        assertNotSame(request.current(), reordered.current());
        assertEquals(List.of("dtable-server-01", "dtable-server-02"),
                List.copyOf(reordered.liveNodes().keySet()), "the request re-sorts its nodes");
    }

    @Test
    void validityNamesTheFirstBadBucket() {
        Assignment result = new ReferenceStrategy().assign(request);
        ContractChecks.assertValid(request, result);
        var unowned = assertThrows(AssertionFailedError.class, () -> ContractChecks.assertValid(
                request, result.toBuilder().set(5, null).build()));
        assertTrue(unowned.getMessage().contains("bucket 05 has no owner"), unowned.getMessage());
        var dead = assertThrows(AssertionFailedError.class, () -> ContractChecks.assertValid(
                request, result.toBuilder().set(2, "gone").build()));
        assertTrue(dead.getMessage().contains("bucket 02 is given to gone"), dead.getMessage());
        var moved = assertThrows(AssertionFailedError.class, () -> ContractChecks.assertValid(
                request, result.toBuilder().set(0, "dtable-server-02").build()));
        assertTrue(moved.getMessage().contains("repair moved bucket 00"), moved.getMessage());
    }

    @Test
    void differenceListsTheFirstMoves() {
        Assignment a = TestData.roundRobin(8, List.of("x"));
        Assignment b = a.toBuilder().set(3, "y").build();
        assertEquals("1 buckets differ (expected -> actual): 03: x -> y",
                ContractChecks.difference(a, b));
    }

    @Test
    void randomRequestsAreLopsidedAndIncludeOrphans() {
        Random random = new Random(1);
        int withOrphans = 0;
        int lopsided = 0;
        for (int i = 0; i < 50; i++) {
            AssignmentRequest r = TestData.randomRequest(random, 256, 5, RunKind.REBALANCE);
            Map<String, Integer> counts = TestData.liveCounts(r, r.current());
            int total = counts.values().stream().mapToInt(Integer::intValue).sum();
            withOrphans += total < 256 ? 1 : 0;
            int max = counts.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
            int min = counts.values().stream().mapToInt(Integer::intValue).min().orElseThrow();
            lopsided += max - min > 20 ? 1 : 0;
        }
        assertTrue(withOrphans >= 25, "with orphans: " + withOrphans);
        assertTrue(lopsided >= 25, "lopsided: " + lopsided);
    }

    @Test
    void withCountsFillsBlocksAndRefusesTooMany() {
        Assignment a = TestData.withCounts(6, Map.of("x", 2));
        assertEquals(Arrays.asList("x", "x", null, null, null, null), a.owners());
        assertThrows(IllegalArgumentException.class, () -> TestData.withCounts(2, Map.of("x", 3)));
    }
}
