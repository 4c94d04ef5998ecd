package org.dtablecluster.node;

import static org.dtablecluster.etcd.EtcdClients.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.PutOption;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.dtablecluster.config.HandoffSettings;
import org.dtablecluster.config.NodeSettings;
import org.dtablecluster.etcd.EtcdClients;
import org.dtablecluster.etcd.EtcdClusterView;
import org.dtablecluster.etcd.HandoffValues;
import org.dtablecluster.etcd.Keyspace;
import org.dtablecluster.simulator.DtableServerSimulator;
import org.dtablecluster.simulator.SimulatorConfig;
import org.dtablecluster.testing.EtcdClusterExtension;
import org.dtablecluster.testing.Poll;
import org.dtablecluster.view.BucketMoves;
import org.dtablecluster.view.Handoff;
import org.dtablecluster.view.HandoffAck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@link NodeAgent} with a hook, against one real etcd member and the reference
 * dtable-server (the simulator, serving only what its hook gives it). Handoffs are written into
 * etcd by the test, as the leader would, and laid over the view's snapshots ({@link MovesOverlayView}).
 */
class NodeAgentHandoffTest {

    @RegisterExtension
    static final EtcdClusterExtension etcd = EtcdClusterExtension.builder().build();

    private static final String ME = "dtable-server-01";
    private static final String OTHER = "dtable-server-02";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration OUTAGE_WAIT = Duration.ofSeconds(25);
    private static final Duration TTL = Duration.ofSeconds(5);
    private static final NodeAgentTimings FAST = NodeAgentTimings.defaults()
            .withEtcdTimeout(Duration.ofSeconds(2))
            .withBackoff(Duration.ofMillis(50), Duration.ofMillis(500))
            .withHook(Duration.ofSeconds(1), 3);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private DtableServerSimulator sim;
    private Keyspace ks;
    private Client writer;

    @BeforeEach
    void setUp(TestInfo info) throws Exception {
        Path storage = Files.createDirectories(dir.resolve("storage"));
        sim = DtableServerSimulator.start(SimulatorConfig.owningNothing(ME, storage));
        cleanup.add(sim);
        ks = new Keyspace("h-" + info.getTestMethod().orElseThrow().getName() + "/");
        writer = etcd.newClient();
        cleanup.add(writer);
        txn(put(ks.assignKey(0), ME), put(ks.assignKey(1), ME), put(ks.assignKey(2), ME), put(ks.assignKey(5), OTHER));
    }

    @AfterEach
    void tearDown() throws Exception {
        Collections.reverse(cleanup);
        for (AutoCloseable c : cleanup) {
            c.close();
        }
    }

    @Test
    void startTellsTheServerItsFullOwnedSetWithAValidUntilAndRegistersTheHandoffCapability() throws Exception {
        NodeAgent agent = agent(sim.uri(), dir.resolve("state"));
        agent.start();
        Poll.until(WAIT, () -> sim.servingBuckets().equals(Set.of(0, 1, 2)), () -> "serving " + sim.servingBuckets());
        JsonNode registration = JSON.readTree(etcd.etcdctl("get", ks.nodeKey(ME), "--print-value-only").strip());
        assertEquals("true", registration.get("handoff").asText());
        HandoffStatus h = agent.status().handoff();
        assertTrue(h.enabled());
        assertNotNull(h.validUntil());
        long now = System.currentTimeMillis();
        assertTrue(h.validUntil().toEpochMilli() > now && h.validUntil().toEpochMilli() <= now + TTL.toMillis(),
                "valid_until within TTL - margin of the last ack: " + h.validUntil());
        Poll.until(WAIT, () -> agent.status().handoff().confirmedOwned() == 3, () -> agent.status().toString());
    }

    @Test
    void aHandoffAwayIsReleasedThroughTheHookThenAnsweredWithReleasedOnTheLease() throws Exception {
        MovesOverlayView view = view();
        NodeAgent agent = agent(view, sim.uri(), dir.resolve("state"));
        agent.start();
        Poll.until(WAIT, () -> sim.servingBuckets().equals(Set.of(0, 1, 2)), () -> "serving " + sim.servingBuckets());

        long rev = txn(Op.put(bytes(ks.handoffKey(1)), ByteSequence.from(HandoffValues.handoff(ME, OTHER, 7, 0)),
                PutOption.DEFAULT));
        view.moves(BucketMoves.builder().handoff(1, new Handoff(1, ME, OTHER, 7, 0, rev)).build());

        Poll.until(WAIT, () -> sim.servingBuckets().equals(Set.of(0, 2)), () -> "serving " + sim.servingBuckets());
        Poll.until(WAIT, () -> !value(ks.releasedKey(1)).isEmpty(), "released/01 written");
        assertEquals(Optional.of(new HandoffAck(ME, rev)), HandoffValues.readAck(value(ks.releasedKey(1)).getBytes()));
        assertEquals(agent.status().leaseId(), leaseOf(ks.releasedKey(1)), "on the agent's lease");
        // The overlay's moves never show the release, so the agent may answer more than once: idempotent puts.
        Poll.until(WAIT, () -> agent.status().handoff().releasesWritten() >= 1, () -> agent.status().toString());
    }

    @Test
    void aReleasedHandoffInIsGainedThenAnsweredWithAccepted() throws Exception {
        MovesOverlayView view = view();
        NodeAgent agent = agent(view, sim.uri(), dir.resolve("state"));
        agent.start();
        Poll.until(WAIT, () -> sim.servingBuckets().equals(Set.of(0, 1, 2)), () -> "serving " + sim.servingBuckets());

        // The old owner is live: a handoff from a node whose key is gone would be the target's at once.
        txn(put(ks.nodeKey(OTHER), "{\"node_id\": \"" + OTHER + "\", \"node_url\": \"http://127.0.0.1:9/\","
                + " \"local_node_url\": \"http://127.0.0.1:9/\"}"));
        Poll.until(WAIT, () -> view.current().liveNodes().containsKey(OTHER), "the old owner is live in the view");
        long rev = txn(Op.put(bytes(ks.handoffKey(5)), ByteSequence.from(HandoffValues.handoff(OTHER, ME, 7, 0)),
                PutOption.DEFAULT));
        Handoff in = new Handoff(5, OTHER, ME, 7, 0, rev);
        view.moves(BucketMoves.builder().handoff(5, in).build());
        Thread.sleep(300);
        assertEquals(Set.of(0, 1, 2), sim.servingBuckets(), "not before the old owner released it");
        assertEquals("", value(ks.acceptedKey(5)));

        txn(Op.put(bytes(ks.releasedKey(5)), ByteSequence.from(HandoffValues.ack(OTHER, rev)), PutOption.DEFAULT));
        view.moves(BucketMoves.builder().handoff(5, in).released(5, new HandoffAck(OTHER, rev)).build());
        Poll.until(WAIT, () -> sim.servingBuckets().equals(Set.of(0, 1, 2, 5)), () -> "serving " + sim.servingBuckets());
        Poll.until(WAIT, () -> !value(ks.acceptedKey(5)).isEmpty(), "accepted/05 written");
        assertEquals(Optional.of(new HandoffAck(ME, rev)), HandoffValues.readAck(value(ks.acceptedKey(5)).getBytes()));
    }

    @Test
    void aGracefulStopReleasesEverythingBeforeTheKeyGoes() throws Exception {
        NodeAgent agent = agent(sim.uri(), dir.resolve("state"));
        agent.start();
        Poll.until(WAIT, () -> sim.servingBuckets().equals(Set.of(0, 1, 2)), () -> "serving " + sim.servingBuckets());
        AtomicReference<Set<Integer>> servingWhenKeyWent = new AtomicReference<>();
        Thread watcher = new Thread(() -> {
            long end = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < end && servingWhenKeyWent.get() == null) {
                if (value(ks.nodeKey(ME)).isEmpty()) {
                    // read after seeing the key gone: a release that came first shows here
                    servingWhenKeyWent.set(sim.servingBuckets());
                }
            }
        });
        watcher.start();
        agent.close();
        watcher.join();
        assertEquals(Set.of(), servingWhenKeyWent.get(), "the server served nothing any more when the key went");
        assertTrue(Files.notExists(dir.resolve("state").resolve(ME + ".state.json")), "nothing to take back");
    }

    @Test
    void anAgentRestartedAfterACrashTakesItsLeaseBackWithoutWaitingForTheTtl() throws Exception {
        FakeDtableServer gone = new FakeDtableServer();
        cleanup.add(gone);
        Client crashedClient = EtcdClients.create(etcd.settings(ks.prefix()));
        NodeAgent crashed = agent(crashedClient, view(crashedClient), gone.baseUrl(), dir.resolve("state"));
        crashed.start();
        long lease = crashed.status().leaseId();
        String instance = crashed.instance();
        crashedClient.close();   // the process is gone: nobody renews, nobody revokes

        NodeAgent restarted = agent(sim.uri(), dir.resolve("state"));
        restarted.start();
        assertEquals(lease, restarted.status().leaseId(), "the same lease, taken back");
        assertEquals(instance, restarted.instance());
        Poll.until(WAIT, () -> sim.servingBuckets().equals(Set.of(0, 1, 2)), () -> "the full owned set: "
                + sim.servingBuckets());
        Thread.sleep(TTL.toMillis() + 1000);
        assertEquals(lease, leaseOf(ks.nodeKey(ME)), "kept alive past the old TTL");
        assertEquals(Set.of(0, 1, 2), sim.servingBuckets());
    }

    @Test
    void anAgentRestartedWhenItsOldLeaseIsTooCloseToItsEndWaitsForItInsteadOfFailingTheStart() throws Exception {
        FakeDtableServer gone = new FakeDtableServer();
        cleanup.add(gone);
        Client crashedClient = EtcdClients.create(etcd.settings(ks.prefix()));
        NodeAgent crashed = agent(crashedClient, view(crashedClient), gone.baseUrl(), dir.resolve("state"));
        crashed.start();
        String instance = crashed.instance();
        crashedClient.close();   // the process is gone: nobody renews, nobody revokes
        // the key as the old process left it, on a lease the new one cannot take back (as one with
        // a second left would be): only the saved instance says it is ours
        long other = writer.getLeaseClient().grant(60).get(5, TimeUnit.SECONDS).getID();
        writer.getKVClient().put(bytes(ks.nodeKey(ME)), bytes(value(ks.nodeKey(ME))),
                PutOption.builder().withLeaseId(other).build()).get(5, TimeUnit.SECONDS);

        NodeAgent restarted = agent(sim.uri(), dir.resolve("state"));
        restarted.start();   // does not throw NodeIdTakenException
        assertEquals(0, restarted.status().leaseId(), "not registered while the old key is there");
        writer.getLeaseClient().revoke(other).get(5, TimeUnit.SECONDS);   // the old lease ends
        Poll.until(WAIT, () -> restarted.status().leaseId() != 0, "registered once the old key is gone");
        assertNotEquals(other, leaseOf(ks.nodeKey(ME)));
        assertTrue(value(ks.nodeKey(ME)).contains(restarted.instance()));
        assertNotEquals(instance, restarted.instance(), "a new instance: it starts with nothing");
        Poll.until(WAIT, () -> sim.servingBuckets().equals(Set.of(0, 1, 2)), () -> "serving again: " + sim.servingBuckets());
    }

    @Test
    void withoutAcknowledgedKeepAlivesTheAgentFencesAndTheServerStopsServingThenComesBackWithANewLease()
            throws Exception {
        NodeAgent agent = agent(sim.uri(), dir.resolve("state"));
        agent.start();
        Poll.until(WAIT, () -> sim.servingBuckets().equals(Set.of(0, 1, 2)), () -> "serving " + sim.servingBuckets());
        long first = agent.status().leaseId();
        etcd.killAll();
        try {
            Poll.until(WAIT, () -> sim.servingBuckets().isEmpty(), () -> "fenced: " + sim.servingBuckets());
            Poll.until(WAIT, () -> agent.status().handoff().fenced() || agent.status().leaseId() != first,
                    () -> agent.status().toString());
        } finally {
            etcd.startAll();
        }
        Poll.until(OUTAGE_WAIT, () -> agent.status().registered() && agent.status().leaseId() != first,
                () -> agent.status().toString());
        Poll.until(WAIT, () -> sim.servingBuckets().equals(Set.of(0, 1, 2)), () -> "back: " + sim.servingBuckets());
    }

    // ---- helpers

    private NodeAgent agent(URI server, Path stateDir) {
        return agent(view(), server, stateDir);
    }

    private NodeAgent agent(MovesOverlayView view, URI server, Path stateDir) {
        Client client = EtcdClients.create(etcd.settings(ks.prefix()));
        cleanup.add(client);
        return agent(client, view, server, stateDir);
    }

    private NodeAgent agent(Client client, MovesOverlayView view, URI server, Path stateDir) {
        NodeSettings settings = new NodeSettings(ME, URI.create("https://" + ME + ".example.com/"), server, TTL,
                "/ping/", Duration.ofMillis(200), Duration.ofMillis(500), 3, Optional.of("/_sim/assignment"), Map.of())
                .withNodeStateDir(stateDir);
        HandoffSettings handoff = new HandoffSettings(TTL, Duration.ofSeconds(1), Duration.ofSeconds(30), 16,
                Duration.ofSeconds(2), Duration.ofSeconds(5), 100, Duration.ofSeconds(30), 1 << 20);
        NodeAgent agent = NodeAgent.builder(settings, client, view).keyspace(ks).version("test-1.0").timings(FAST)
                .handoff(handoff).build();
        cleanup.add(agent);
        return agent;
    }

    private MovesOverlayView view() {
        Client client = EtcdClients.create(etcd.settings(ks.prefix()));
        cleanup.add(client);
        return view(client);
    }

    private MovesOverlayView view(Client client) {
        EtcdClusterView view = new EtcdClusterView(client, ks, Duration.ofMillis(50), Duration.ofMillis(500),
                Duration.ofSeconds(2));
        cleanup.add(view);
        view.start();
        return new MovesOverlayView(view);
    }

    private long txn(Op... ops) throws Exception {
        return writer.getKVClient().txn().Then(ops).commit().get(5, TimeUnit.SECONDS).getHeader().getRevision();
    }

    private static Op put(String key, String value) {
        return Op.put(bytes(key), bytes(value), PutOption.DEFAULT);
    }

    private static String value(String key) {
        return etcd.etcdctl("get", key, "--print-value-only").strip();
    }

    private static long leaseOf(String key) throws Exception {
        return JSON.readTree(etcd.etcdctl("get", key, "-w", "json")).get("kvs").get(0).get("lease").asLong();
    }
}
