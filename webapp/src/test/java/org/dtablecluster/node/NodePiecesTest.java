package org.dtablecluster.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.view.ClusterSnapshot;
import org.junit.jupiter.api.Test;

/** The pure parts of the node role: no etcd, no HTTP, no clock. */
class NodePiecesTest {

    @Test
    void backoffDoublesToItsMaximumWithJitterAndResets() {
        Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofMillis(1000), new Random(42));
        long[] ceilings = {200, 400, 800, 1000, 1000};
        for (long ceiling : ceilings) {
            long d = backoff.next().toMillis();
            assertTrue(d >= ceiling / 2 && d <= ceiling, "delay " + d + " outside [" + ceiling / 2 + ", " + ceiling + "]");
        }
        assertEquals(5, backoff.failures());
        backoff.reset();
        assertEquals(0, backoff.failures());
        assertTrue(backoff.next().toMillis() <= 200, "after reset the ceiling is the initial delay again");
        assertThrows(IllegalArgumentException.class,
                () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), new Random()));
    }

    @Test
    void backoffJitterSpreadsNodesThatFailedTogether() {
        Random random = new Random(7);
        TreeSet<Long> firstDelays = new TreeSet<>();
        for (int i = 0; i < 20; i++) {
            firstDelays.add(new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5), random).next().toMillis());
        }
        assertTrue(firstDelays.size() > 10, "20 nodes should not retry in lockstep: " + firstDelays);
    }

    @Test
    void bucketRangesAreCompactHex() {
        assertEquals("none", BucketRanges.format(List.of()));
        assertEquals("0f", BucketRanges.format(List.of(15)));
        assertEquals("00-03,0a,10-11,ff", BucketRanges.format(List.of(255, 17, 16, 10, 3, 2, 1, 0)));
        assertEquals("00-ff", BucketRanges.format(IntStream.range(0, 256).boxed().toList()));
    }

    @Test
    void urlsJoinWithExactlyOneSlash() {
        assertEquals(URI.create("http://172.17.30.94/ping/"), Urls.join(URI.create("http://172.17.30.94/"), "/ping/"));
        assertEquals(URI.create("http://h:8080/ping/"), Urls.join(URI.create("http://h:8080"), "ping/"));
        assertEquals(URI.create("http://h/dtable-server/ping/"),
                Urls.join(URI.create("http://h/dtable-server/"), "/ping/"));
        assertEquals(URI.create("http://h/_sim/assignment"), Urls.join(URI.create("http://h//"), "//_sim/assignment"));
    }

    @Test
    void healthTrackerGoesDownAfterThresholdAndRecoversOnFirstSuccess() {
        HealthTracker t = new HealthTracker(3);
        assertEquals(HealthState.UNKNOWN, t.state());
        assertTrue(t.allowsRegistration(), "an unknown server keeps its registration");
        assertEquals(HealthTracker.Transition.NONE, t.record(false));
        assertEquals(HealthTracker.Transition.NONE, t.record(false));
        assertEquals(HealthState.FAILING, t.state());
        assertTrue(t.allowsRegistration());
        assertEquals(HealthTracker.Transition.NONE, t.record(true), "a success resets the count");
        assertEquals(0, t.consecutiveFailures());
        t.record(false);
        t.record(false);
        assertEquals(HealthTracker.Transition.WENT_DOWN, t.record(false));
        assertFalse(t.allowsRegistration());
        assertEquals(HealthTracker.Transition.NONE, t.record(false), "going down is reported once");
        assertEquals(4, t.consecutiveFailures());
        assertEquals(HealthTracker.Transition.RECOVERED, t.record(true));
        assertEquals(HealthState.HEALTHY, t.state());
        assertTrue(t.allowsRegistration());
    }

    @Test
    void ownedBucketsReportGainsAndLossesOnlyWhenThisNodeChanges() {
        OwnedBuckets owned = new OwnedBuckets("dtable-server-01");
        BucketChange first = owned.update(snapshot(5, Map.of(0, "dtable-server-01", 1, "dtable-server-01",
                2, "dtable-server-02")));
        assertEquals(new BucketChange(List.of(0, 1), List.of(), List.of(0, 1), 5), first);
        assertNull(owned.update(snapshot(6, Map.of(0, "dtable-server-01", 1, "dtable-server-01",
                2, "dtable-server-03"))), "another node's change is none of ours");
        BucketChange second = owned.update(snapshot(7, Map.of(1, "dtable-server-01", 2, "dtable-server-01")));
        assertEquals(new BucketChange(List.of(2), List.of(0), List.of(1, 2), 7), second);
        assertNull(owned.update(snapshot(6, Map.of())), "an older snapshot is ignored");
        assertEquals(List.of(1, 2), owned.owned());
        assertEquals(7, owned.revision());
    }

    @Test
    void undeliveredChangesFoldIntoTheNext() {
        BucketChange a = new BucketChange(List.of(3, 4), List.of(1), List.of(2, 3, 4), 10);   // before: 1, 2
        BucketChange b = new BucketChange(List.of(5), List.of(3), List.of(2, 4, 5), 11);
        BucketChange folded = a.then(b);
        assertEquals(new BucketChange(List.of(4, 5), List.of(1), List.of(2, 4, 5), 11), folded,
                "3 was gained and lost again in between, so it is in neither list");
        BucketChange back = folded.then(new BucketChange(List.of(1), List.of(4, 5), List.of(1, 2), 12));
        assertTrue(back.isEmpty(), "ending where it started is no change: " + back);
    }

    @Test
    void hookBodyIsTheDocumentedJsonWithGainsAndLossesAgainstWhatTheServerConfirmed() {
        AssignmentHook.Request r = new AssignmentHook.Request(new TreeSet<>(List.of(0, 1, 2)), 42, 1_767_225_600_000L);
        assertEquals("{\"node_id\":\"dtable-server-01\",\"revision\":42,\"owned\":[0,1,2],\"gained\":[1,2],"
                + "\"lost\":[255],\"valid_until_ms\":1767225600000}",
                AssignmentHook.body("dtable-server-01", r, new TreeSet<>(List.of(0, 255))));
        String unknown = AssignmentHook.body("dtable-server-01", r, null);
        assertTrue(unknown.contains("\"gained\":[0,1,2],\"lost\":[3,4,"), "before any confirmation the server may"
                + " hold anything: every other bucket is lost: " + unknown);
        assertTrue(unknown.contains(",255]"), unknown);
    }

    @Test
    void timingsCheckTheirRanges() {
        NodeAgentTimings d = NodeAgentTimings.defaults();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> d.withBackoff(Duration.ofSeconds(10), Duration.ofSeconds(1)));
        assertTrue(e.getMessage().contains("initialBackoff must be in"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> d.withHook(Duration.ofSeconds(1), 0));
    }

    private static ClusterSnapshot snapshot(long revision, Map<Integer, String> owners) {
        List<String> list = new ArrayList<>(Collections.nCopies(Assignment.BUCKETS, (String) null));
        owners.forEach(list::set);
        return new ClusterSnapshot(revision, Map.of(), Assignment.of(list));
    }
}
