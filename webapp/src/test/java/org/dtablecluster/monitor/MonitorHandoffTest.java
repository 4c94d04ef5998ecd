package org.dtablecluster.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etcd.jetcd.Client;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dtablecluster.admin.RebalanceServlet;
import org.dtablecluster.config.HandoffSettings;
import org.dtablecluster.etcd.Keyspace;
import org.dtablecluster.monitor.FakeNodes.FakeNode;
import org.dtablecluster.monitor.RebalanceResult.Outcome;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.testing.EtcdClusterExtension;
import org.dtablecluster.testing.Poll;
import org.dtablecluster.testing.RebalanceServer;
import org.dtablecluster.view.Handoff;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The leader moves buckets of nodes that release through a handoff only once released and accepted; real etcd. */
class MonitorHandoffTest {

    @RegisterExtension
    static final EtcdClusterExtension etcd = EtcdClusterExtension.builder().build();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final long TTL = 5;
    private static final String A = "dtable-server-01";
    private static final String B = "dtable-server-02";
    private static final String C = "dtable-server-03";

    private MonitorScene scene;
    private Client client;
    private FakeNodes nodes;
    private HandoffKeys keys;
    private final Map<String, FakeNode> byId = new java.util.HashMap<>();
    private final List<Timed> timed = java.util.Collections.synchronizedList(new ArrayList<>());

    /** A handoff's duration as the monitor {@code monitor} reported it. */
    private record Timed(String monitor, HandoffTimings.Outcome outcome, Duration took) {
    }

    @BeforeEach
    void cleanEtcd() {
        scene = new MonitorScene(etcd);
        client = scene.client;
        nodes = scene.nodes;
        keys = new HandoffKeys(client, Keyspace.root());
    }

    @AfterEach
    void closeEverything() throws Exception {
        scene.close();
    }

    @Test
    void aRebalanceHandsOverAtMostMaxAtOnceAndFlipsOnlyOnceReleasedAndAccepted() throws Exception {
        MonitorFixture m = twoNodesAssignedThenThirdJoins(true, 4, Duration.ofSeconds(60), "monitor-1");
        Assignment before = nodes.assignment();
        assertEquals(0, keys.keyCount(), "a fresh assignment has no owner to release: written directly");

        try (RebalanceServer admin = new RebalanceServer(new RebalanceServlet(m.monitor))) {
            HttpResponse<String> response = admin.send("POST", "/rebalance/");
            assertEquals(200, response.statusCode(), response.body());
            JsonNode body = JSON.readTree(response.body());
            assertEquals(85, body.get("moved").asInt(), "answered at once with the planned moves");
            assertEquals(85, body.get("moves").size());
        }
        Poll.until(WAIT, () -> keys.open().size() == 4, () -> "four handoffs open: " + keys.open());
        assertEquals(before, nodes.assignment(), "nothing flips before a release");

        Handoff h = keys.open().values().iterator().next();
        assertTrue(keys.release(byId.get(h.from()), h));
        Thread.sleep(1000); // four steps of the leader at least
        assertEquals(h.from(), nodes.assignment().ownerOrNull(h.bucket()), "released but not yet accepted: stays");
        assertEquals(h, keys.open().get(h.bucket()));

        assertTrue(keys.accept(byId.get(h.to()), h));
        Poll.until(WAIT, () -> h.to().equals(nodes.assignment().ownerOrNull(h.bucket())), "flipped once accepted");
        Poll.until(WAIT, () -> !keys.open().containsKey(h.bucket()), "its handoff key deleted");

        // the agents answer everything from here on; never more than four open at once
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (m.monitor.status().handoffs().completed() < 85 && System.nanoTime() < deadline) {
            Map<Integer, Handoff> open = keys.open();
            assertTrue(open.size() <= 4, "at most max_concurrent_handoffs open: " + open.size());
            for (Handoff o : open.values()) {
                keys.release(byId.get(o.from()), o);
                keys.accept(byId.get(o.to()), o);
            }
            Thread.sleep(50);
        }
        HandoffStatus status = m.monitor.status().handoffs();
        assertEquals(85, status.completed(), status.toString());
        assertEquals(85, status.started());
        assertEquals(0, status.cancelled());
        assertEquals(85, timed.stream().filter(t -> t.outcome() == HandoffTimings.Outcome.COMPLETED).count(),
                "every flip timed: " + timed.size());
        Poll.until(WAIT, () -> keys.keyCount() == 0, "every handoff, released and accepted key cleaned up");
        assertEquals(Map.of(A, 86, B, 85, C, 85), sorted(nodes.assignment().bucketCounts()));
    }

    @Test
    void aHandoffNeverReleasedIsCancelledAfterTheTimeoutAndTheBucketStays() throws Exception {
        MonitorFixture m = twoNodesAssignedThenThirdJoins(true, 2, Duration.ofSeconds(2), "monitor-1");
        Assignment before = nodes.assignment();
        assertEquals(Outcome.APPLIED, m.monitor.rebalance().outcome());
        Poll.until(WAIT, () -> keys.open().size() == 2, "two handoffs open");
        Handoff h = keys.open().values().iterator().next();

        Poll.until(WAIT, () -> m.monitor.status().handoffs().recentCancels().stream()
                .anyMatch(c -> c.handoff().bucket() == h.bucket()), "cancelled after the timeout");
        HandoffStatus.Cancelled c = m.monitor.status().handoffs().recentCancels().stream()
                .filter(x -> x.handoff().bucket() == h.bucket()).findFirst().orElseThrow();
        assertEquals(h.from() + " did not release within 2 s", c.reason());
        assertEquals(h.from(), nodes.assignment().ownerOrNull(h.bucket()), "the bucket stays with its owner");
        assertTrue(m.monitor.status().handoffs().cancelled() >= 1);
        List<Timed> cancels = List.copyOf(timed);
        assertTrue(!cancels.isEmpty() && cancels.stream().allMatch(t -> t.outcome() == HandoffTimings.Outcome.CANCELLED
                && t.took().compareTo(Duration.ofSeconds(2)) >= 0), "each cancel timed, after the 2 s timeout: " + cancels);
        assertEquals(before, nodes.assignment(), "nothing released, nothing moved");
    }

    @Test
    void aNodeWithoutTheHandoffGetsDirectWritesAndOrphansAreRepairedAtOnce() throws Exception {
        FakeNode a = register(A, true);
        register(B, false);
        MonitorFixture m = start("monitor-1", 64, Duration.ofSeconds(60));
        Poll.until(WAIT, () -> nodes.assignment().isComplete(), "initial assignment");
        register(C, true);
        Poll.until(WAIT, () -> m.view.current().liveNodes().containsKey(C), "the view sees the third node");

        RebalanceResult r = m.monitor.rebalance();
        assertEquals(Outcome.APPLIED, r.outcome(), r.toString());
        long fromB = r.moves().stream().filter(x -> x.from().equals(B)).count();
        long fromA = r.moves().stream().filter(x -> x.from().equals(A)).count();
        assertTrue(fromA > 0 && fromB > 0, r.moves().toString());
        assertTrue(r.revision() > 0, "B's buckets were written at once");
        assertEquals(fromB, nodes.assignment().bucketCounts().getOrDefault(C, 0).longValue(),
                "only the node without a handoff lost buckets at once");
        Poll.until(WAIT, () -> keys.open().size() == fromA, "A's moves wait for A's release");
        assertTrue(keys.open().values().stream().allMatch(h -> h.from().equals(A)));

        // A's key goes (it fenced): its buckets count as released. Those bound for C, which can say
        // when it serves them, wait for C's acceptance, answered here as C's agent would; those
        // bound for B, which cannot, are written directly.
        a.revoke();
        Poll.until(WAIT, () -> {
            keys.open().values().stream().filter(h -> h.to().equals(C)).forEach(h -> keys.accept(byId.get(C), h));
            return nodes.assignment().bucketCounts().get(A) == null && keys.keyCount() == 0;
        }, () -> "A's buckets repaired, no handoff left: " + nodes.assignment().bucketCounts() + " " + keys.open());
        assertTrue(nodes.assignment().isComplete());
    }

    @Test
    void aSecondLeaderPicksUpAnOpenHandoff() throws Exception {
        MonitorFixture first = twoNodesAssignedThenThirdJoins(true, 1, Duration.ofSeconds(60), "monitor-1");
        assertEquals(Outcome.APPLIED, first.monitor.rebalance().outcome());
        Poll.until(WAIT, () -> keys.open().size() == 1, "one handoff open");
        Handoff h = keys.open().values().iterator().next();

        MonitorFixture second = start("monitor-2", 1, Duration.ofSeconds(60));
        Poll.until(WAIT, second.view::isConnected, "the second view in sync");
        first.close();
        Poll.until(WAIT, second.monitor::isLeader, "the second monitor leads");
        assertEquals(List.of(h), List.copyOf(second.monitor.status().handoffs().open().stream()
                .map(HandoffStatus.Open::handoff).toList()), "the open handoff is in its view");

        long released = System.currentTimeMillis();
        assertTrue(keys.release(byId.get(h.from()), h));
        assertTrue(keys.accept(byId.get(h.to()), h));
        Poll.until(WAIT, () -> h.to().equals(nodes.assignment().ownerOrNull(h.bucket())), "the new leader flips it");
        Poll.until(WAIT, () -> keys.keyCount() == 0, "and cleans up");
        assertEquals(1, second.monitor.status().handoffs().completed());
        long flipped = System.currentTimeMillis();
        assertEquals(1, timed.size(), "the flip timed once, by the leader that made it: " + timed);
        Timed t = timed.get(0);
        assertEquals("monitor-2", t.monitor());
        assertEquals(HandoffTimings.Outcome.COMPLETED, t.outcome());
        assertTrue(t.took().toMillis() >= released - h.startedEpochMs() && t.took().toMillis() <= flipped
                - h.startedEpochMs(), "timed from the start the first leader wrote: " + t + ", released "
                + (released - h.startedEpochMs()) + " ms after it");
    }

    private MonitorFixture twoNodesAssignedThenThirdJoins(boolean handoff, int max, Duration timeout, String id)
            throws Exception {
        register(A, handoff);
        register(B, handoff);
        MonitorFixture m = start(id, max, timeout);
        Poll.until(WAIT, () -> nodes.assignment().isComplete(), "initial assignment");
        register(C, handoff);
        Poll.until(WAIT, () -> m.view.current().liveNodes().containsKey(C), "the view sees the third node");
        Poll.until(WAIT, m.monitor::isLeader, "leading");
        return m;
    }

    private MonitorFixture start(String id, int max, Duration timeout) {
        HandoffSettings d = HandoffSettings.defaults(Duration.ofSeconds(TTL));
        HandoffSettings s = new HandoffSettings(d.leaseTtl(), d.fenceMargin(), timeout, max, d.hookResync(),
                d.legacyRelease(), d.holdMaxRequests(), d.holdTimeout(), d.retryBodyMaxBytes());
        MonitorFixture m = MonitorFixture.start(etcd, id, MonitorFixture.settings(Duration.ofSeconds(8)),
                b -> b.handoff(s).handoffTimings((outcome, took) -> timed.add(new Timed(id, outcome, took))));
        scene.closeLater(m);
        return m;
    }

    private FakeNode register(String id, boolean handoff) throws Exception {
        FakeNode n = nodes.register(id, TTL, handoff);
        byId.put(id, n);
        return n;
    }

    private static Map<String, Integer> sorted(Map<String, Integer> counts) {
        return new java.util.TreeMap<>(counts);
    }
}
