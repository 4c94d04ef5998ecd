package org.dtablecluster.node;

import static org.dtablecluster.etcd.EtcdClients.bytes;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.PutOption;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.dtablecluster.config.NodeSettings;
import org.dtablecluster.etcd.EtcdClients;
import org.dtablecluster.etcd.EtcdClusterView;
import org.dtablecluster.etcd.Keyspace;
import org.dtablecluster.testing.EtcdClusterExtension;
import org.dtablecluster.testing.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link NodeAgent} against one real etcd member and a fake dtable-server on loopback. */
class NodeAgentTest {

    @RegisterExtension
    static final EtcdClusterExtension etcd = EtcdClusterExtension.builder().build();

    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Covers gRPC's reconnect backoff after etcd was down for seconds. */
    private static final Duration OUTAGE_WAIT = Duration.ofSeconds(25);
    private static final Instant START = Instant.parse("2024-05-01T10:00:00Z");
    private static final NodeAgentTimings FAST = NodeAgentTimings.defaults()
            .withEtcdTimeout(Duration.ofSeconds(2))
            .withBackoff(Duration.ofMillis(50), Duration.ofMillis(500))
            .withHook(Duration.ofSeconds(1), 3);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private FakeDtableServer server;
    private Keyspace ks;
    private String nodeId;

    @BeforeEach
    void setUp(TestInfo info) throws Exception {
        server = new FakeDtableServer();
        cleanup.add(server);
        // each test has its own key prefix, so tests sharing the cluster do not see each other
        ks = new Keyspace("t-" + info.getTestMethod().orElseThrow().getName() + "/");
        nodeId = "dtable-server-01";
    }

    @AfterEach
    void tearDown() throws Exception {
        Collections.reverse(cleanup);
        for (AutoCloseable c : cleanup) {
            c.close();
        }
    }

    @Test
    void registersItsJsonInSeaTablesLayoutOnALeaseOfTheConfiguredTtl() throws Exception {
        ks = Keyspace.root();
        nodeId = "dtable-server-nodetest";
        NodeAgent agent = agent(settings(Optional.empty()));
        agent.start();

        NodeStatus status = agent.status();
        assertTrue(status.registered(), status.toString());
        JsonNode json = JSON.readTree(value(nodeId));
        assertEquals(nodeId, json.get("node_id").asText());
        assertEquals("https://" + nodeId + ".example.com/", json.get("node_url").asText());
        assertEquals(server.baseUrl().toString(), json.get("local_node_url").asText());
        assertEquals(agent.instance(), json.get("instance").asText());
        assertEquals("test-1.0", json.get("version").asText());
        assertEquals(START.toString(), json.get("started_at").asText(), "started_at comes from the injected clock");
        assertEquals("2", json.get("weight").asText());
        assertEquals("z1", json.get("zone").asText());

        assertEquals(status.leaseId(), leaseOf(nodeId));
        String ttl = etcd.etcdctl("lease", "timetolive", status.leaseIdHex());
        assertTrue(ttl.contains("granted with TTL(5s)"), ttl);

        Poll.until(WAIT, () -> agent.status().lastKeepAliveAt() != null, "etcd should answer a keepAlive");
        assertEquals(START, agent.status().lastKeepAliveAt());
        long sent = agent.lastAckedKeepAliveSentNanos().orElseThrow();
        assertTrue(sent - System.nanoTime() <= 0, "the acknowledged keep-alive was sent in the past");
        Poll.until(WAIT, () -> agent.lastAckedKeepAliveSentNanos().orElseThrow() - sent > 0,
                "a later keep-alive (a third of the 5 s TTL on) is acknowledged and moves the instant on");
        Poll.until(WAIT, () -> agent.status().health() == HealthState.HEALTHY, () -> "probe: " + agent.status());
        assertTrue(server.paths().contains("/ping/"), "the probe joins local_node_url and /ping/ with one slash: "
                + server.paths());
        assertTrue(server.paths().stream().noneMatch(p -> p.startsWith("//")), server.paths().toString());
    }

    @Test
    void closeRevokesTheLeaseSoTheKeyIsGoneAtOnce() throws Exception {
        NodeAgent agent = agent(settings(Optional.empty()));
        agent.start();
        long lease = agent.status().leaseId();
        assertFalse(value(key()).isEmpty());

        agent.close();
        assertEquals("", value(key()), "no waiting for the TTL");
        assertTrue(etcd.etcdctl("lease", "timetolive", Long.toHexString(lease)).contains("already expired"));
        assertEquals(NodeAgent.State.CLOSED, agent.status().state());
        assertDoesNotThrow(agent::close, "closing twice is fine");
        assertThrows(IllegalStateException.class, agent::start);
        assertThrows(IllegalStateException.class, agent::leave);
    }

    @Test
    void refusesToTakeOverALiveRegistrationAndSaysWhatToDo() throws Exception {
        NodeAgent first = agent(settings(Optional.empty()));
        first.start();

        NodeAgent second = agent(settings(Optional.empty()));
        NodeIdTakenException e = assertThrows(NodeIdTakenException.class, second::start);
        String message = e.getMessage();
        for (String expected : List.of("'" + nodeId + "'", "instance=" + first.instance(), "started_at=" + START,
                "local_node_url=" + server.baseUrl(), "lease " + first.status().leaseIdHex(), "stop that process",
                "etcdctl del " + key())) {
            assertTrue(message.contains(expected), "message lacks '" + expected + "': " + message);
        }
        assertEquals(NodeAgent.State.CLOSED, second.state());
        assertEquals(first.instance(), instanceIn(key()), "the first registration is untouched");

        first.close();
        NodeAgent third = agent(settings(Optional.empty()));
        third.start();
        assertEquals(third.instance(), instanceIn(key()));
    }

    @Test
    void ofTwoConcurrentStartersExactlyOneWins() throws Exception {
        NodeAgent a = agent(settings(Optional.empty()));
        NodeAgent b = agent(settings(Optional.empty()));
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<Throwable>> results = new ArrayList<>();
            for (NodeAgent agent : List.of(a, b)) {
                results.add(threads.submit(() -> {
                    go.await();
                    try {
                        agent.start();
                        return null;
                    } catch (RuntimeException e) {
                        return e;
                    }
                }));
            }
            go.countDown();
            Throwable ra = results.get(0).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            Throwable rb = results.get(1).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertTrue(ra == null ^ rb == null, "exactly one must win: " + ra + " / " + rb);
            assertInstanceOf(NodeIdTakenException.class, ra == null ? rb : ra);
            assertEquals((ra == null ? a : b).instance(), instanceIn(key()));
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void registersAgainWithANewLeaseAfterKeepAliveGaveUpDuringAnOutage() throws Exception {
        NodeAgent agent = agent(settings(Optional.empty()));
        agent.start();
        long first = agent.status().leaseId();
        Poll.until(WAIT, () -> agent.status().lastKeepAliveAt() != null, "keepAlive should be running");

        etcd.killAll();
        // jetcd's keepAlive gives up once etcd has not answered for the TTL (5 s)
        Poll.until(Duration.ofSeconds(15), () -> !agent.status().registered(), () -> "still " + agent.status());
        etcd.startAll();

        Poll.until(OUTAGE_WAIT, () -> agent.status().registered(), () -> "not registered again: " + agent.status());
        NodeStatus status = agent.status();
        assertNotEquals(first, status.leaseId(), "a new lease");
        assertEquals(2, status.leaseGrants());
        assertEquals(status.leaseId(), leaseOf(key()));
        assertEquals(agent.instance(), instanceIn(key()));
        assertTrue(etcd.etcdctl("lease", "timetolive", Long.toHexString(first)).contains("already expired"),
                "the old lease, which survived the restart, is revoked");
    }

    @Test
    void registersAgainWhenItsLeaseIsRevokedFromOutside() throws Exception {
        NodeAgent agent = agent(settings(Optional.empty()));
        agent.start();
        long first = agent.status().leaseId();

        etcd.etcdctl("lease", "revoke", Long.toHexString(first));
        Poll.until(WAIT, () -> agent.status().registered() && agent.status().leaseId() != first,
                () -> "not re-registered: " + agent.status());
        assertEquals(agent.status().leaseId(), leaseOf(key()));
        // keepAlive's NOT_FOUND or the view's delete event, whichever comes first, reports it
        String lost = "lease " + Long.toHexString(first) + " lost";
        assertTrue(agent.status().lastError().startsWith(lost), agent.status().lastError());
    }

    @Test
    void registersAgainWhenItsKeyIsDeletedFromOutside() throws Exception {
        NodeAgent agent = agent(settings(Optional.empty()));
        agent.start();
        long first = agent.status().leaseId();

        etcd.etcdctl("del", key());
        Poll.until(WAIT, () -> agent.status().leaseId() != first && !value(key()).isEmpty(),
                () -> "not re-registered: " + agent.status());
        assertEquals(agent.status().leaseId(), leaseOf(key()));
        assertTrue(agent.status().lastError().contains("deleted"), agent.status().lastError());
    }

    @Test
    void deregistersAfterFailedHealthChecksAndRegistersAgainOnRecovery() throws Exception {
        NodeAgent agent = agent(settings(Optional.empty()));
        agent.start();
        long first = agent.status().leaseId();
        Poll.until(WAIT, () -> agent.status().health() == HealthState.HEALTHY, () -> agent.status().toString());

        server.pingStatus(500);
        Poll.until(WAIT, () -> agent.status().health() == HealthState.UNHEALTHY, () -> agent.status().toString());
        // the status is published after the revoke, in the same step
        assertEquals("", value(key()), "the key goes after 3 failed probes");
        NodeStatus down = agent.status();
        assertTrue(down.consecutiveHealthFailures() >= 3, down.toString());
        assertFalse(down.registered());
        assertTrue(etcd.etcdctl("lease", "timetolive", Long.toHexString(first)).contains("already expired"),
                "revoked, not left to expire");

        server.pingStatus(200);
        Poll.until(WAIT, () -> agent.status().registered(), () -> agent.status().toString());
        assertEquals(HealthState.HEALTHY, agent.status().health());
        assertEquals(agent.instance(), instanceIn(key()));
        assertEquals(2, agent.status().leaseGrants());
    }

    @Test
    void followsItsBucketsAndPostsGainsAndLossesToTheHook() throws Exception {
        NodeAgent agent = agent(settings(Optional.of(FakeDtableServer.HOOK_PATH)));
        agent.start();
        server.failNextHooks(1);
        Client writer = etcd.newClient();

        List<Op> first = new ArrayList<>();
        IntStream.range(0, 16).forEach(b -> first.add(put(ks.assignKey(b), nodeId)));
        first.add(put(ks.assignKey(0x10), "dtable-server-02"));
        long rev1 = writer.getKVClient().txn().Then(first.toArray(Op[]::new)).commit()
                .get(5, TimeUnit.SECONDS).getHeader().getRevision();
        List<Integer> firstOwned = IntStream.range(0, 16).boxed().toList();

        Poll.until(WAIT, () -> agent.status().ownedBuckets().equals(firstOwned), () -> agent.status().toString());
        Poll.until(WAIT, () -> agent.status().handoff().confirmedOwned() == 16, () -> "a failed POST is retried: "
                + server.hookCalls());
        FakeDtableServer.HookCall call = lastHookCall();
        assertEquals("application/json", call.contentType());
        JsonNode first1 = JSON.readTree(call.body());
        assertEquals(firstOwned, ints(first1.get("owned")), call.body());
        assertEquals(rev1, first1.get("revision").asLong(), call.body());
        assertTrue(first1.get("valid_until_ms").asLong() > 0, call.body());

        long rev2 = writer.getKVClient().txn()
                .Then(put(ks.assignKey(0x00), "dtable-server-02"), put(ks.assignKey(0x20), nodeId)).commit()
                .get(5, TimeUnit.SECONDS).getHeader().getRevision();
        List<Integer> secondOwned = new ArrayList<>(IntStream.range(1, 16).boxed().toList());
        secondOwned.add(0x20);
        Poll.until(WAIT, () -> lastHookCall().body().contains("\"revision\":" + rev2), () -> "second change: "
                + server.hookCalls());
        FakeDtableServer.HookCall change = server.hookCalls().stream()
                .filter(c -> c.body().contains("\"revision\":" + rev2)).findFirst().orElseThrow();
        assertHook(change, List.of(0x20), List.of(0x00), secondOwned, rev2);
        assertEquals(secondOwned, agent.status().ownedBuckets());
        assertEquals("01-0f,20", agent.status().ownedBucketRanges());
    }

    @Test
    void leaveDeregistersUntilRejoin() throws Exception {
        NodeAgent agent = agent(settings(Optional.empty()));
        agent.start();
        long first = agent.status().leaseId();

        agent.leave();
        assertEquals("", value(key()), "gone when leave() returns");
        assertFalse(agent.status().claiming());
        assertFalse(agent.status().registered());
        int pings = server.pings();
        Poll.until(WAIT, () -> server.pings() >= pings + 3, "the probe keeps running");
        assertEquals("", value(key()), "healthy probes do not bring it back");

        agent.rejoin();
        assertEquals(agent.instance(), instanceIn(key()), "back when rejoin() returns");
        assertTrue(agent.status().claiming());
        assertNotEquals(first, agent.status().leaseId());
    }

    @Test
    void etcdDownAtStartDoesNotFailStartAndRegistersWhenEtcdReturns() throws Exception {
        etcd.killAll();
        NodeAgent agent = agent(settings(Optional.empty()));
        agent.start();
        NodeStatus status = agent.status();
        assertEquals(NodeAgent.State.STARTED, status.state());
        assertFalse(status.registered());
        assertTrue(status.lastError().contains("etcd unreachable at start"), status.lastError());

        etcd.startAll();
        Poll.until(OUTAGE_WAIT, () -> agent.status().registered(), () -> agent.status().toString());
        assertEquals(agent.instance(), instanceIn(key()));
    }

    // ---- helpers

    private NodeSettings settings(Optional<String> hookPath) {
        return new NodeSettings(nodeId, URI.create("https://" + nodeId + ".example.com/"), server.baseUrl(),
                Duration.ofSeconds(5), "/ping/", Duration.ofMillis(100), Duration.ofMillis(500), 3, hookPath,
                Map.of("weight", "2", "zone", "z1"));
    }

    /** An agent with its own client and view; all three are closed after the test, agent first. */
    private NodeAgent agent(NodeSettings settings) {
        Client client = EtcdClients.create(etcd.settings(ks.prefix()));
        cleanup.add(client);
        EtcdClusterView view = new EtcdClusterView(client, ks, Duration.ofMillis(50), Duration.ofMillis(500),
                Duration.ofSeconds(2));
        cleanup.add(view);
        view.start();
        NodeAgent agent = NodeAgent.builder(settings, client, view)
                .keyspace(ks)
                .clock(Clock.fixed(START, ZoneOffset.UTC))
                .version("test-1.0")
                .timings(FAST)
                .build();
        cleanup.add(agent);
        return agent;
    }

    private String key() {
        return ks.nodeKey(nodeId);
    }

    private static String value(String key) {
        return etcd.etcdctl("get", key, "--print-value-only").strip();
    }

    private static String instanceIn(String key) throws Exception {
        return JSON.readTree(value(key)).get("instance").asText();
    }

    private static long leaseOf(String key) throws Exception {
        return JSON.readTree(etcd.etcdctl("get", key, "-w", "json")).get("kvs").get(0).get("lease").asLong();
    }

    private static Op put(String key, String value) {
        return Op.put(bytes(key), bytes(value), PutOption.DEFAULT);
    }

    private void assertHook(FakeDtableServer.HookCall call, List<Integer> gained, List<Integer> lost,
            List<Integer> owned, long revision) throws Exception {
        JsonNode body = JSON.readTree(call.body());
        assertEquals(nodeId, body.get("node_id").asText());
        assertEquals(gained, ints(body.get("gained")), call.body());
        assertEquals(lost, ints(body.get("lost")), call.body());
        assertEquals(owned, ints(body.get("owned")), call.body());
        assertEquals(revision, body.get("revision").asLong(), call.body());
    }

    private FakeDtableServer.HookCall lastHookCall() {
        List<FakeDtableServer.HookCall> calls = server.hookCalls();
        return calls.get(calls.size() - 1);
    }

    private static List<Integer> ints(JsonNode array) {
        List<Integer> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asInt()));
        return out;
    }
}
