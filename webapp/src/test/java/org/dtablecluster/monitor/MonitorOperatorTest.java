package org.dtablecluster.monitor;

import static org.dtablecluster.etcd.EtcdClients.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.etcd.jetcd.Client;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dtablecluster.admin.OperatorServlet;
import org.dtablecluster.etcd.EtcdClients;
import org.dtablecluster.etcd.Keyspace;
import org.dtablecluster.json.Json;
import org.dtablecluster.monitor.OperatorResult.Status;
import org.dtablecluster.monitor.RebalanceResult.Outcome;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.testing.EtcdClusterExtension;
import org.dtablecluster.testing.Poll;
import org.dtablecluster.testing.RebalanceServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Drains and pins on the real monitor against a real etcd: the keys, the moves, and what stays. */
class MonitorOperatorTest {

    @RegisterExtension
    static final EtcdClusterExtension etcd = EtcdClusterExtension.builder().build();

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final long TTL = 5;
    private static final String A = "dtable-server-01";
    private static final String B = "dtable-server-02";
    private static final String C = "dtable-server-03";

    private MonitorScene scene;
    private Client client;
    private FakeNodes nodes;

    @BeforeEach
    void cleanEtcd() {
        scene = new MonitorScene(etcd);
        client = scene.client;
        nodes = scene.nodes;
    }

    @AfterEach
    void closeEverything() throws Exception {
        scene.close();
    }

    @Test
    void aDrainMovesEveryBucketAwayKeepsTheNodeEmptyAndAnUndrainGivesItsShareBack() throws Exception {
        MonitorFixture m = threeBalancedNodes("monitor-1");

        int share = nodes.assignment().bucketCounts().get(B);
        OperatorResult dry = m.monitor.operate(new OperatorCommand.Drain(B, "test", true));
        assertEquals(Status.PLANNED, dry.status(), dry.toJsonText());
        assertEquals(share, dry.rebalance().orElseThrow().moves().size(), "plans every bucket of B away");
        assertFalse(hasKey(Keyspace.root().drainedKey(B)), "a dry run writes nothing");
        assertEquals(share, nodes.assignment().bucketCounts().get(B));

        OperatorResult drained = m.monitor.operate(new OperatorCommand.Drain(B, "test", false));
        assertEquals(Status.APPLIED, drained.status(), drained.toJsonText());
        assertTrue(drained.changed());
        assertTrue(drained.rebalance().orElseThrow().moves().stream().allMatch(mv -> mv.from().equals(B)),
                "only B's buckets move: " + drained.rebalance().orElseThrow().moves());
        assertTrue(hasKey(Keyspace.root().drainedKey(B)), "the drain is in etcd");
        JsonNode drainValue = Json.MAPPER.readTree(value(Keyspace.root().drainedKey(B)));
        assertEquals("test", drainValue.get("by").asText());
        Poll.until(WAIT, () -> !nodes.assignment().bucketCounts().containsKey(B), "B owns nothing");
        Poll.until(WAIT, () -> m.view.current().intent().isDrained(B), "the view has the drain");

        assertEquals(Outcome.APPLIED, m.monitor.rebalance().outcome());
        assertFalse(nodes.assignment().bucketCounts().containsKey(B), "a rebalance gives B nothing back");
        assertEquals(Map.of(A, 128, C, 128), sorted(nodes.assignment().bucketCounts()));

        OperatorResult undrained = m.monitor.operate(new OperatorCommand.Undrain(B, "test", false));
        assertEquals(Status.APPLIED, undrained.status(), undrained.toJsonText());
        assertFalse(hasKey(Keyspace.root().drainedKey(B)), "the drain key is gone");
        Poll.until(WAIT, () -> balanced(nodes.assignment().bucketCounts(), 3),
                () -> "B has its share back: " + nodes.assignment().bucketCounts());
    }

    @Test
    void aPinMovesTheBucketAndItStaysThroughARebalanceAndALeaderChange() throws Exception {
        MonitorFixture first = threeBalancedNodes("monitor-1");
        int bucket = firstBucketNotOn(A);

        OperatorResult pinned = first.monitor.operate(new OperatorCommand.Pin(bucket, A, "test", false));
        assertEquals(Status.APPLIED, pinned.status(), pinned.toJsonText());
        Poll.until(WAIT, () -> A.equals(nodes.assignment().ownerOrNull(bucket)), "the bucket moved to its pin");
        assertEquals(Outcome.APPLIED, first.monitor.rebalance().outcome());
        assertEquals(A, nodes.assignment().ownerOrNull(bucket), "a rebalance leaves the pinned bucket");

        MonitorFixture second = MonitorFixture.start(etcd, "monitor-2", MonitorFixture.settings(Duration.ZERO));
        scene.closeLater(second);
        Poll.until(WAIT, second.view::isConnected, "the second view in sync");
        Poll.until(WAIT, () -> A.equals(second.view.current().intent().pins().get(bucket)), "it reads the pin");
        first.close();
        Poll.until(WAIT, second.monitor::isLeader, "the second monitor leads");
        assertEquals(Outcome.APPLIED, second.monitor.rebalance().outcome());
        assertEquals(A, nodes.assignment().ownerOrNull(bucket), "the new leader keeps the pin");

        OperatorResult unpinned = second.monitor.operate(new OperatorCommand.Unpin(bucket, "test", false));
        assertEquals(Status.APPLIED, unpinned.status(), unpinned.toJsonText());
        assertFalse(hasKey(Keyspace.root().pinnedKey(bucket)), "the pin key is gone");
    }

    @Test
    void refusalsWriteNothing() throws Exception {
        MonitorFixture m = threeBalancedNodes("monitor-1");
        assertEquals(Status.NOT_FOUND, m.monitor.operate(new OperatorCommand.Drain("dtable-server-99", "t", false))
                .status());
        assertEquals(Status.CONFLICT, m.monitor.operate(new OperatorCommand.Pin(1, "dtable-server-99", "t", false))
                .status());
        assertEquals(Status.APPLIED, m.monitor.operate(new OperatorCommand.Drain(B, "t", false)).status());
        Poll.until(WAIT, () -> m.view.current().intent().isDrained(B), "the view has the drain");
        OperatorResult toDrained = m.monitor.operate(new OperatorCommand.Pin(1, B, "t", false));
        assertEquals(Status.CONFLICT, toDrained.status(), toDrained.toJsonText());
        assertEquals(Status.APPLIED, m.monitor.operate(new OperatorCommand.Drain(C, "t", false)).status());
        Poll.until(WAIT, () -> m.view.current().intent().isDrained(C), "the view has the second drain");
        OperatorResult last = m.monitor.operate(new OperatorCommand.Drain(A, "t", false));
        assertEquals(Status.CONFLICT, last.status(), last.toJsonText());
        assertFalse(hasKey(Keyspace.root().drainedKey(A)), "the last live node stays undrained");
        assertFalse(hasKey(Keyspace.root().pinnedKey(1)), "no refused pin was written");
        Poll.until(WAIT, () -> nodes.assignment().bucketCounts().equals(Map.of(A, 256)), "A holds everything");

        nodes.register("dtable-server-04", TTL);
        Poll.until(WAIT, () -> m.view.current().liveNodes().containsKey("dtable-server-04"), "a fourth node");
        // the repair a join causes leaves a drained node empty
        assertEquals(0, nodes.assignment().bucketCounts().getOrDefault(B, 0));
    }

    @Test
    void overHttpOnAProxyThatDoesNotLeadAWriteIs409NamingTheLeader() throws Exception {
        MonitorFixture leader = threeBalancedNodes("monitor-1");
        MonitorFixture follower = MonitorFixture.start(etcd, "monitor-2", MonitorFixture.settings(Duration.ZERO));
        scene.closeLater(follower);
        Poll.until(WAIT, () -> follower.monitor.leaderId().isPresent(), "the follower knows the leader");
        try (RebalanceServer admin = new RebalanceServer(new OperatorServlet(follower.monitor), "/nodes/*",
                "/buckets/*")) {
            HttpResponse<String> r = admin.send("POST", "/nodes/" + B + "/drain");
            assertEquals(409, r.statusCode(), r.body());
            JsonNode body = Json.MAPPER.readTree(r.body());
            assertEquals("not_leader", body.get("error").asText());
            assertEquals("monitor-1", body.get("leader").asText());
            HttpResponse<String> dry = admin.send("POST", "/nodes/" + B + "/drain?dry_run=true");
            assertEquals(200, dry.statusCode(), dry.body());
            assertEquals(nodes.assignment().bucketCounts().get(B), Json.MAPPER.readTree(dry.body()).get("moved").asInt(),
                    "a dry run plans anywhere");
        }
        try (RebalanceServer admin = new RebalanceServer(new OperatorServlet(leader.monitor), "/nodes/*",
                "/buckets/*")) {
            int bucket = firstBucketNotOn(A);
            String hex = Assignment.hex(bucket);
            HttpResponse<String> r = admin.send("PUT", "/buckets/" + hex + "/pin", "{\"node_id\": \"" + A + "\"}");
            assertEquals(200, r.statusCode(), r.body());
            JsonNode moves = Json.MAPPER.readTree(r.body()).get("moves");
            boolean toPin = false;
            for (JsonNode mv : moves) {
                toPin |= mv.get("bucket").asText().equals(hex) && mv.get("to").asText().equals(A);
            }
            assertTrue(toPin, "the answer lists the pinned bucket's move (A then sheds one to stay even): " + r.body());
            Poll.until(WAIT, () -> A.equals(nodes.assignment().ownerOrNull(bucket)), "moved to its pin");
            HttpResponse<String> bad = admin.send("PUT", "/buckets/" + hex + "/pin", "{\"node_id\": \"x\"}");
            assertEquals(400, bad.statusCode(), bad.body());
            HttpResponse<String> ghost = admin.send("POST", "/nodes/dtable-server-99/drain");
            assertEquals(404, ghost.statusCode(), ghost.body());
            HttpResponse<String> lifted = admin.send("DELETE", "/buckets/" + hex + "/pin");
            assertEquals(200, lifted.statusCode(), lifted.body());
            assertFalse(hasKey(Keyspace.root().pinnedKey(bucket)));
        }
    }

    private MonitorFixture threeBalancedNodes(String id) throws Exception {
        nodes.register(A, TTL);
        nodes.register(B, TTL);
        nodes.register(C, TTL);
        MonitorFixture m = MonitorFixture.start(etcd, id, MonitorFixture.settings(Duration.ZERO));
        scene.closeLater(m);
        Poll.until(WAIT, m.monitor::isLeader, "leading");
        Poll.until(WAIT, () -> nodes.assignment().isComplete() && m.view.current().liveNodes().size() == 3,
                "initial assignment");
        assertEquals(Outcome.APPLIED, m.monitor.rebalance().outcome());
        Poll.until(WAIT, () -> balanced(nodes.assignment().bucketCounts(), 3),
                () -> "balanced: " + nodes.assignment().bucketCounts());
        return m;
    }

    private int firstBucketNotOn(String node) {
        Assignment a = nodes.assignment();
        for (int b = 0; b < a.bucketCount(); b++) {
            if (!node.equals(a.ownerOrNull(b))) {
                return b;
            }
        }
        throw new AssertionError("every bucket is on " + node);
    }

    private boolean hasKey(String key) throws Exception {
        return client.getKVClient().get(bytes(key)).get(5, TimeUnit.SECONDS).getCount() == 1;
    }

    private String value(String key) throws Exception {
        return EtcdClients.string(client.getKVClient().get(bytes(key)).get(5, TimeUnit.SECONDS).getKvs().get(0)
                .getValue());
    }

    private static boolean balanced(Map<String, Integer> counts, int nodes) {
        return counts.size() == nodes && counts.values().stream().allMatch(n -> n == 85 || n == 86)
                && counts.values().stream().mapToInt(Integer::intValue).sum() == 256;
    }

    private static Map<String, Integer> sorted(Map<String, Integer> m) {
        return new java.util.TreeMap<>(m);
    }
}
