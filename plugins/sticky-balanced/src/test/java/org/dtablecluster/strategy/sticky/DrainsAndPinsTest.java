package org.dtablecluster.strategy.sticky;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.spi.AssignmentRequest;
import org.dtablecluster.spi.RunKind;
import org.dtablecluster.tck.TestData;
import org.junit.jupiter.api.Test;

class DrainsAndPinsTest {

    private final StickyBalancedStrategy strategy = new StickyBalancedStrategy();
    private final Assignment even = TestData.roundRobin(256, TestData.ids(TestData.nodes(4)));

    @Test
    void aRepairMovesExactlyTheDrainedNodesBucketsToTheOthersEvenly() {
        AssignmentRequest r = AssignmentRequest.of(even, TestData.nodes(4), RunKind.REPAIR)
                .withOperatorIntent(Set.of("dtable-server-02"), Map.of());
        Assignment result = strategy.assign(r);
        assertEquals(64, even.movesTo(result).size());
        // 192 + 64 = 256 over three: the extra bucket to the first node id.
        assertEquals(Map.of("dtable-server-01", 86, "dtable-server-03", 85, "dtable-server-04", 85),
                result.bucketCounts());
    }

    @Test
    void aRebalanceCountsPinsAndLeavesAnOverPinnedNodeWithItsPinsOnly() {
        Map<Integer, String> pins = new TreeMap<>();
        for (int b = 0; b < 100; b++) {
            pins.put(b, "dtable-server-01");
        }
        AssignmentRequest r = AssignmentRequest.of(even, TestData.nodes(4), RunKind.REBALANCE)
                .withOperatorIntent(Set.of(), pins);
        Assignment result = strategy.assign(r);
        // 100 pinned on -01; the other three share 156 evenly.
        assertEquals(Map.of("dtable-server-01", 100, "dtable-server-02", 52, "dtable-server-03", 52,
                "dtable-server-04", 52), result.bucketCounts());
        assertEquals(StickyBalancedStrategy.minimumMoves(r), even.movesTo(result).size());
        // Round-robin: -01 holds 25 of buckets 00..63 (hex) and gains the other 75 pinned ones;
        // its 39 buckets from 100 up go to the others, who each keep their 39 unpinned ones.
        assertEquals(75 + 39, even.movesTo(result).size());
        assertEquals(List.of(), result.bucketsOf("dtable-server-01").stream().filter(b -> b >= 100).toList());
    }
}
