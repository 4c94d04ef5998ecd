package org.dtablecluster.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etcd.jetcd.Client;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dtablecluster.admin.RebalanceServlet;
import org.dtablecluster.monitor.FakeNodes.FakeNode;
import org.dtablecluster.monitor.RebalanceResult.Outcome;
import org.dtablecluster.monitor.TestStrategies.Switchable;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.spi.Move;
import org.dtablecluster.testing.EtcdClusterExtension;
import org.dtablecluster.testing.Poll;
import org.dtablecluster.testing.RebalanceServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One monitor on a real etcd: assigning, joining, leaving, rebalancing, and strategies that fail. */
class MonitorAssignmentTest {

    // a transaction over 100 operations would fail here: proves the batching
    @RegisterExtension
    static final EtcdClusterExtension etcd = EtcdClusterExtension.builder().extraArgs("--max-txn-ops=100").build();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);
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
    void twoNodesGetHalfTheBucketsEachWrittenInBatchesOfAtMostHundred() throws Exception {
        nodes.register(A, TTL);
        nodes.register(B, TTL);
        Monitor monitor = startMonitor();

        Poll.until(WAIT, () -> nodes.assignment().isComplete(), () -> "not all assigned: " + nodes.assignment());
        assertEquals(Map.of(A, 128, B, 128), nodes.assignment().bucketCounts());
        // the run is recorded just after its last transaction commits
        Poll.until(WAIT, () -> monitor.recentRuns().stream().anyMatch(RunRecord::wrote), "the run recorded");
        RunRecord first = monitor.recentRuns().stream().filter(RunRecord::wrote).findFirst().orElseThrow();
        assertEquals(256, first.moves().size());
        assertEquals(3, first.transactions(), "256 keys in transactions of at most 100");
        assertTrue(first.error().isEmpty());
        Poll.until(WAIT, () -> etcd.currentRevision() == first.revision() + 1,
                () -> "nothing but the run's history entry written after it: rev=" + etcd.currentRevision());

        // what dtable-web reads: the owner's id under assign-0f, and under that id its URLs
        String[] lines = etcd.etcdctl("get", "assign-0f").strip().split("\n");
        assertEquals("assign-0f", lines[0]);
        String owner = lines[1];
        assertTrue(Set.of(A, B).contains(owner), owner);
        JsonNode registration = JSON.readTree(etcd.etcdctl("get", "--print-value-only", owner));
        assertEquals(owner, registration.get("node_id").asText());
        assertEquals("https://" + owner + ".example.com/", registration.get("node_url").asText());
        assertTrue(registration.get("local_node_url").asText().startsWith("http://127.0.0.1:8000/"));
    }

    @Test
    void aJoiningNodeMovesNothingUntilARebalanceWhichMovesTheMinimum() throws Exception {
        nodes.register(A, TTL);
        nodes.register(B, TTL);
        Monitor monitor = startMonitor();
        Poll.until(WAIT, () -> nodes.assignment().isComplete(), "initial assignment");
        Assignment before = nodes.assignment();

        long joined = nodes.register(C, TTL).revision();
        Poll.until(WAIT, () -> monitor.recentRuns().stream().anyMatch(r -> r.viewRevision() >= joined),
                "a run after the third node joined");
        assertTrue(monitor.recentRuns().stream().filter(r -> r.viewRevision() >= joined)
                .allMatch(r -> r.moves().isEmpty() && r.error().isEmpty()), monitor.recentRuns().toString());
        assertEquals(before, nodes.assignment(), "a repair leaves live owners alone");

        RebalanceResult dry = monitor.dryRunRebalance();
        assertEquals(Outcome.PLANNED, dry.outcome(), dry.toString());
        assertEquals(before, nodes.assignment(), "a dry run writes nothing");

        try (RebalanceServer admin = new RebalanceServer(new RebalanceServlet(monitor))) {
            HttpResponse<String> response = admin.send("POST", "/rebalance/");
            assertEquals(200, response.statusCode(), response.body());
            JsonNode body = JSON.readTree(response.body());
            assertEquals(85, body.get("moved").asInt(), "256 over 3 needs 86/85/85: 85 buckets to the new node");
            List<Move> moved = new ArrayList<>();
            body.get("moves").forEach(m -> moved.add(new Move(Integer.parseInt(m.get("bucket").asText(), 16),
                    m.get("from").asText(), m.get("to").asText())));
            assertEquals(dry.moves(), moved, "the dry run predicted the rebalance");
            assertTrue(moved.stream().allMatch(m -> m.to().equals(C)), moved.toString());
            assertEquals(List.of(85, 85, 86), nodes.assignment().bucketCounts().values().stream().sorted().toList());
            assertEquals(nodes.assignment().bucketCounts(), JSON.convertValue(body.get("counts"), Map.class));
        }
        RebalanceResult again = monitor.rebalance();
        assertEquals(Outcome.APPLIED, again.outcome());
        assertEquals(List.of(), again.moves(), "balanced already");
    }

    @Test
    void aGracefulStopMovesItsBucketsWithinOneSecond() throws Exception {
        nodes.register(A, TTL);
        FakeNode b = nodes.register(B, TTL);
        nodes.register(C, TTL);
        startMonitor();
        Poll.until(WAIT, () -> nodes.assignment().isComplete(), "initial assignment");
        Assignment before = nodes.assignment();

        long t0 = System.nanoTime();
        b.revoke();
        Poll.until(Duration.ofSeconds(5), () -> !nodes.assignment().bucketCounts().containsKey(B),
                () -> "still owned by B: " + nodes.assignment());
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        System.out.println("[figure] graceful stop (lease revoke) -> all " + before.bucketsOf(B).size()
                + " buckets reassigned in " + took.toMillis() + " ms");
        assertTrue(took.compareTo(Duration.ofSeconds(1)) < 0, "took " + took);
        assertOnlyBucketsOfMoved(B, before, nodes.assignment());
    }

    @Test
    void anExpiredLeaseMovesOnlyThatNodesBucketsWithinTtlPlusTwoSeconds() throws Exception {
        nodes.register(A, TTL);
        nodes.register(B, TTL);
        FakeNode c = nodes.register(C, TTL);
        startMonitor();
        Poll.until(WAIT, () -> nodes.assignment().isComplete(), "initial assignment");
        Assignment before = nodes.assignment();

        long t0 = System.nanoTime();
        c.stopRenewing();
        Poll.until(Duration.ofSeconds(TTL + 5), () -> !nodes.assignment().bucketCounts().containsKey(C),
                () -> "still owned by C: " + nodes.assignment());
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        System.out.println("[figure] lease expiry (TTL " + TTL + " s, renewals stopped) -> all "
                + before.bucketsOf(C).size() + " buckets reassigned " + took.toMillis() + " ms after renewals stopped");
        assertTrue(took.compareTo(Duration.ofSeconds(TTL + 2)) <= 0, "took " + took);
        assertFalse(nodes.isRegistered(C));
        assertOnlyBucketsOfMoved(C, before, nodes.assignment());
    }

    @Test
    void withNoLiveNodeTheKeysStayAsTheyAreUntilANodeArrives() throws Exception {
        FakeNode a = nodes.register(A, TTL);
        Monitor monitor = startMonitor();
        Poll.until(WAIT, () -> nodes.assignment().isComplete(), "initial assignment");
        // the initial run's history entry is written after the run: let it land before counting revisions
        Poll.until(WAIT, () -> {
            try {
                return !monitor.history(1, Long.MAX_VALUE).isEmpty();
            } catch (java.io.IOException e) {
                return false;
            }
        }, "the initial run in the history");

        a.revoke();
        long gone = etcd.currentRevision();
        Poll.until(WAIT, () -> monitor.recentRuns().stream().anyMatch(r -> r.viewRevision() >= gone),
                "a run after the last node left");
        assertTrue(monitor.recentRuns().stream().filter(r -> r.viewRevision() >= gone)
                .allMatch(r -> r.moves().isEmpty() && r.error().isEmpty()), monitor.recentRuns().toString());
        assertEquals(Map.of(A, 256), nodes.assignment().bucketCounts(), "nobody to give them to: keys unchanged");

        nodes.register(B, TTL);
        Poll.until(WAIT, () -> nodes.assignment().bucketCounts().equals(Map.of(B, 256)),
                () -> "the first node to arrive gets them: " + nodes.assignment());
    }

    @Test
    void aStrategyThatThrowsOrAnswersInvalidChangesNothingAndTheErrorIsRecorded() throws Exception {
        nodes.register(A, TTL);
        nodes.register(B, TTL);
        Switchable strategy = new Switchable();
        strategy.set(Switchable.Mode.THROW);
        Monitor monitor = startMonitor(b -> b.strategy(strategy));

        Poll.until(WAIT, () -> monitor.lastRun().map(RunRecord::failed).orElse(false), "a failed run");
        assertEquals("strategy 'switchable' failed: java.lang.IllegalStateException: boom in the strategy",
                monitor.lastRun().orElseThrow().error().orElseThrow());
        assertEquals(Map.of(), nodes.assignment().bucketCounts(), "nothing written");

        strategy.set(Switchable.Mode.INVALID);
        RebalanceResult r = monitor.rebalance();
        assertEquals(Outcome.FAILED, r.outcome());
        String invalid = "strategy 'switchable' returned an invalid assignment: bucket 00 is assigned to "
                + "dtable-server-ghost, which is not a live node";
        assertEquals(invalid, r.error().orElseThrow());
        RunRecord last = monitor.lastRun().orElseThrow();
        assertEquals(invalid, last.error().orElseThrow());
        assertEquals(0, last.transactions());
        assertEquals(Map.of(), nodes.assignment().bucketCounts(), "nothing written");

        strategy.set(Switchable.Mode.GOOD);
        assertTrue(monitor.refresh());
        Poll.until(WAIT, () -> nodes.assignment().isComplete(), "assigned once the strategy behaves");
        // the run is recorded, and the view updated, just after etcd shows its write
        Poll.until(WAIT, () -> monitor.lastRun().map(run -> run.error().isEmpty()).orElse(false)
                && monitor.status().bucketsPerNode().equals(Map.of(A, 128, B, 128)),
                () -> "last run " + monitor.lastRun() + ", status " + monitor.status());
        assertNull(monitor.lastRun().flatMap(RunRecord::error).orElse(null));
        MonitorStatus status = monitor.status();
        assertTrue(status.leader());
        assertEquals(Map.of(A, 128, B, 128), status.bucketsPerNode());
        assertEquals("switchable", status.strategy());
    }

    @Test
    void aStrategyThatHangsThrowsAnErrorOrMovesTooMuchChangesNothingAndTheLeaderKeepsLeading() throws Exception {
        nodes.register(A, TTL);
        Switchable strategy = new Switchable();
        MonitorFixture f = MonitorFixture.start(etcd, "monitor-1", MonitorFixture.settings(Duration.ofSeconds(8))
                .withStrategyGuard(Duration.ofSeconds(1), 100), b -> b.strategy(strategy));
        scene.closeLater(f);
        Monitor monitor = f.monitor;
        Poll.until(WAIT, monitor::isLeader, "the only monitor should lead");
        Poll.until(WAIT, () -> nodes.assignment().isComplete(), "all 256 to A: unowned buckets do not count");
        nodes.register(B, TTL);
        Poll.until(WAIT, () -> f.view.current().liveNodes().containsKey(B), "the view sees B");

        strategy.set(Switchable.Mode.HANG);
        long t0 = System.nanoTime();
        RebalanceResult hung = monitor.rebalance();
        assertEquals(Outcome.FAILED, hung.outcome(), hung.toString());
        assertEquals("strategy 'switchable' did not answer within 1 s (strategy_timeout_seconds)",
                hung.error().orElseThrow());
        assertTrue(Duration.ofNanos(System.nanoTime() - t0).compareTo(Duration.ofSeconds(20)) < 0, "bounded");

        strategy.set(Switchable.Mode.ERROR);
        RebalanceResult error = monitor.rebalance();
        assertEquals("strategy 'switchable' failed: java.lang.AssertionError: a bug in the strategy",
                error.error().orElseThrow());

        strategy.set(Switchable.Mode.GOOD);
        RebalanceResult tooMany = monitor.rebalance();
        assertEquals("strategy 'switchable' planned to take 128 buckets away from live owners, more than"
                + " max_moves_per_run=100; refused", tooMany.error().orElseThrow());
        assertEquals(tooMany.error(), monitor.lastRun().orElseThrow().error(), "shown in status");

        assertTrue(monitor.isLeader(), "the leader keeps leading");
        assertEquals(Map.of(A, 256), nodes.assignment().bucketCounts(), "nothing written");
    }

    private Monitor startMonitor() {
        return startMonitor(b -> { });
    }

    private Monitor startMonitor(java.util.function.Consumer<MonitorBuilder> customizer) {
        MonitorFixture f = MonitorFixture.start(etcd, "monitor-1", MonitorFixture.settings(Duration.ofSeconds(8)),
                customizer);
        scene.closeLater(f);
        Poll.until(WAIT, f.monitor::isLeader, "the only monitor should lead");
        return f.monitor;
    }

    private static void assertOnlyBucketsOfMoved(String gone, Assignment before, Assignment after) {
        for (int b = 0; b < Assignment.BUCKETS; b++) {
            String was = before.ownerOrNull(b);
            if (was.equals(gone)) {
                assertFalse(gone.equals(after.ownerOrNull(b)), "bucket " + b);
            } else {
                assertEquals(was, after.ownerOrNull(b), "bucket " + b + " moved although its owner stayed");
            }
        }
    }
}
