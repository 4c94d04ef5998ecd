package org.dtablecluster.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ServingRecordsTest {

    @Test
    void anIntervalNeverEndedEndsOneHeartbeatAfterTheLastLine() {
        List<ServingInterval> intervals = ServingRecords.parse("dtable-server-01.1000.7-a", List.of(
                "start dtable-server-01 7 1000",
                "open 5 1100",
                "open 6 1100",
                "close 6 1500 lost",
                "alive 1900",
                "alive 2000",
                "clo")); // torn by a SIGKILL
        assertEquals(List.of(
                new ServingInterval("dtable-server-01.1000.7-a", "dtable-server-01", 5, 1100, 2000 + ServingLog.HEARTBEAT_MS, "unrecorded"),
                new ServingInterval("dtable-server-01.1000.7-a", "dtable-server-01", 6, 1100, 1500, "lost")), intervals);
    }

    @Test
    void overlapsAreBetweenProcessesOfOneBucketOnly() {
        ServingInterval a = new ServingInterval("a", "n1", 5, 0, 100, "lost");
        ServingInterval b = new ServingInterval("b", "n2", 5, 100, 200, "lost");
        ServingInterval c = new ServingInterval("c", "n2", 5, 150, 300, "lost");
        ServingInterval d = new ServingInterval("d", "n1", 6, 0, 300, "lost");
        List<ServingInterval.Overlap> overlaps = ServingRecords.overlaps(List.of(a, b, c, d));
        assertEquals(1, overlaps.size(), "touching intervals do not overlap; other buckets do not count");
        assertEquals(150, overlaps.get(0).fromMs());
        assertEquals(200, overlaps.get(0).toMs());
        assertTrue(ServingRecords.overlaps(List.of(a, new ServingInterval("a", "n1", 5, 50, 60, "lost"))).isEmpty(),
                "one process does not overlap itself");
    }
}
