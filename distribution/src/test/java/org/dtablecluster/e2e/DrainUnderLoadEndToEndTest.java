package org.dtablecluster.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.dtablecluster.simulator.DtableServerSimulator;
import org.dtablecluster.simulator.ServingInterval;
import org.dtablecluster.simulator.ServingRecords;
import org.dtablecluster.simulator.SimulatorConfig;
import org.dtablecluster.simulator.chaos.RowLoad;
import org.dtablecluster.testing.EtcdClusterExtension;
import org.dtablecluster.testing.Poll;
import org.dtablecluster.testing.PrometheusText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * A drain and an undrain while clients write, on the real jetty-home: two simulators sharing one
 * storage, each behind its node agent with the assignment hook, and a proxy + monitor. Clients
 * append rows through the proxy to a base in every bucket the whole time; every bucket of one
 * node moves off it and back through handoffs. No request fails, every acknowledged row is stored
 * exactly once, and no two simulators served one bucket at the same time.
 */
class DrainUnderLoadEndToEndTest {

    @RegisterExtension
    static final EtcdClusterExtension ETCD = EtcdClusterExtension.builder().members(1).build();

    /** Generous: on a shared, busy machine a move waits for two agents and their servers to answer. */
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String ONE = "dtable-server-01";
    private static final String TWO = "dtable-server-02";
    /** Rows per second over all 256 bases, at most this many in flight. */
    private static final int RATE = 100;
    private static final int IN_FLIGHT = 48;
    /** Past the proxy's bound on holding a request (proxy_hold_timeout_seconds, 30): its answer is what counts. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(35);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path work;

    @Test
    void aDrainAndAnUndrainUnderWritesFailNoRequestLoseNoRowAndNeverServeABucketTwice() throws Exception {
        Path storage = work.resolve("storage");
        FakeNodes etcd = new FakeNodes(ETCD.newClient());
        RowLoad.Outcome outcome;
        PrometheusText metrics;
        try (DtableServerSimulator one = DtableServerSimulator.start(SimulatorConfig.owningNothing(ONE, storage));
                DtableServerSimulator two = DtableServerSimulator.start(SimulatorConfig.owningNothing(TWO, storage));
                JettyProcess agentOne = JettyProcess.prepare(work, "agent-01", agentConfig(ONE, one.uri())).start();
                JettyProcess agentTwo = JettyProcess.prepare(work, "agent-02", agentConfig(TWO, two.uri())).start();
                JettyProcess proxy = JettyProcess.prepare(work, "proxy", proxyConfig()).start()) {
            AdminHttp admin = AdminHttp.anonymous(proxy.adminUrl());
            Poll.until(WAIT, () -> counts(etcd).size() == 2 && sum(counts(etcd)) == 256,
                    () -> "all 256 buckets on both nodes: " + counts(etcd));
            if (!counts(etcd).equals(Map.of(ONE, 128, TWO, 128))) {
                // the second agent registered after the monitor's first run
                assertEquals(200, admin.send("POST", "/rebalance/", null).statusCode());
            }
            Poll.until(WAIT, () -> counts(etcd).equals(Map.of(ONE, 128, TWO, 128)), () -> "balanced: " + counts(etcd));
            Poll.until(WAIT, () -> one.servingBuckets().size() == 128 && two.servingBuckets().size() == 128,
                    "each simulator serves what its agent was given");

            try (RowLoad load = new RowLoad(URI.create(proxy.proxyUrl()), RATE, IN_FLIGHT, REQUEST_TIMEOUT)) {
                long began = System.currentTimeMillis();
                Poll.until(WAIT, () -> load.everyBucketAckedSince(began), "a row acknowledged in every bucket");

                long t0 = System.nanoTime();
                HttpResponse<String> drained = admin.send("POST", "/nodes/" + TWO + "/drain", null);
                assertEquals(200, drained.statusCode(), drained.body());
                assertEquals(128, AdminHttp.json(drained).get("moved").asInt(), drained.body());
                Poll.until(WAIT, () -> counts(etcd).equals(Map.of(ONE, 256)) && two.servingBuckets().isEmpty()
                        && one.servingBuckets().size() == 256, () -> "drained: " + counts(etcd));
                long drainMs = Duration.ofNanos(System.nanoTime() - t0).toMillis();
                long afterDrain = System.currentTimeMillis();
                Poll.until(WAIT, () -> load.everyBucketAckedSince(afterDrain), "every bucket written after the drain");

                t0 = System.nanoTime();
                HttpResponse<String> undrained = admin.send("POST", "/nodes/" + TWO + "/undrain", null);
                assertEquals(200, undrained.statusCode(), undrained.body());
                Poll.until(WAIT, () -> counts(etcd).equals(Map.of(ONE, 128, TWO, 128))
                        && two.servingBuckets().size() == 128 && one.servingBuckets().size() == 128,
                        () -> "its share back: " + counts(etcd));
                long undrainMs = Duration.ofNanos(System.nanoTime() - t0).toMillis();
                // the leader's view may still trail the keys read here: what it plans has arrived already
                HttpResponse<String> rebalanced = admin.send("POST", "/rebalance/", null);
                assertEquals(200, rebalanced.statusCode(), rebalanced.body());
                long afterUndrain = System.currentTimeMillis();
                Poll.until(WAIT, () -> load.everyBucketAckedSince(afterUndrain), "every bucket written after the undrain");

                assertEquals(Map.of(ONE, 128, TWO, 128), counts(etcd), "a rebalance of a balanced cluster moves nothing");
                outcome = load.stopAndAudit(storage);
                System.out.printf("drain of 128 buckets under %d rows/s: %d ms; undrain: %d ms; %d requests, "
                        + "p99 %d ms, max %d ms%n", RATE, drainMs, undrainMs, outcome.requests(), outcome.p99Ms(),
                        outcome.maxMs());
            }
            // counted once the leader has had etcd's answer, which may come after the keys read here
            Poll.until(WAIT, () -> scrape(admin).value("dtable_cluster_handoffs_open") == 0
                    && scrape(admin).value("dtable_cluster_handoffs_total", "outcome", "completed") >= 256,
                    "128 buckets moved off and 128 back, each through a handoff that completed");
            metrics = scrape(admin);
        }

        assertTrue(outcome.requests() > 0, "rows were written");
        assertEquals(Map.of(), outcome.failures(),
                "every request answered 200 with its row's _id: " + outcome.failed() + "; logs in " + work);
        assertEquals(outcome.requests(), outcome.acked());
        assertEquals(List.of(), outcome.lost(), "acknowledged rows missing from the storage");
        assertEquals(List.of(), outcome.duplicated(), "rows stored more than once");
        List<ServingInterval> intervals = ServingRecords.read(storage);
        assertTrue(intervals.stream().anyMatch(i -> i.nodeId().equals(TWO) && i.reason().equals("lost")),
                "the serving records show the drain: " + intervals.size() + " intervals");
        assertEquals(List.of(), ServingRecords.overlaps(intervals), "two simulators served one bucket at once");

        assertEquals(0, metrics.value("dtable_cluster_handoffs_total", "outcome", "cancelled"));
        assertEquals(0, metrics.value("dtable_cluster_proxy_held_requests_total", "outcome", "expired"));
        assertEquals(0, metrics.value("dtable_cluster_proxy_held_requests_total", "outcome", "rejected"));
        assertEquals(0, metrics.value("dtable_cluster_proxy_requests_held"), "nothing held once the moves are done");
        assertEquals(0, metrics.value("dtable_cluster_proxy_view_stale_total"), "the proxy's view kept up");
        assertEquals("counter", metrics.family("dtable_cluster_proxy_retries_after_421_total").type());
        System.out.printf("requests held by the proxy during the moves: %.0f, sent again after a 421: %.0f%n",
                metrics.value("dtable_cluster_proxy_held_requests_total", "outcome", "held"),
                metrics.sum("dtable_cluster_proxy_retries_after_421_total"));
    }

    private static PrometheusText scrape(AdminHttp admin) {
        return PrometheusText.parse(admin.get("/metrics").body());
    }

    private static Map<String, Integer> counts(FakeNodes etcd) {
        try {
            return etcd.counts();
        } catch (Exception e) {
            return Map.of("cannot read etcd: " + e, 0);
        }
    }

    private static int sum(Map<String, Integer> counts) {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * A node agent that tells its simulator what it owns: buckets move to and from it by handoff.
     * A long lease and patient health checks: no bucket is to move here but by the operator's hand.
     */
    private static String agentConfig(String nodeId, URI server) {
        return """
                {"cluster_config": {
                  "etcd_host_list": %s,
                  "node_id": "%s",
                  "node_url": "%s",
                  "local_node_url": "%s",
                  "assignment_hook_path": "/_sim/assignment",
                  "lease_ttl_seconds": 30,
                  "health_check_interval_seconds": 1,
                  "health_check_timeout_seconds": 5,
                  "health_check_failures": 3
                }}""".formatted(Clusters.endpoints(ETCD), nodeId, server, server);
    }

    /** Automatic rebalancing off: the operator's commands are what moves buckets here, 32 at a time. */
    private static String proxyConfig() {
        return """
                {"cluster_config": {
                  "etcd_host_list": %s,
                  "monitor_interval_seconds": 2,
                  "monitor_reregister_grace_seconds": 1,
                  "lease_ttl_seconds": 30,
                  "auto_rebalance": false,
                  "max_concurrent_handoffs": 32,
                  "proxy_timeout_seconds": 30
                }}""".formatted(Clusters.endpoints(ETCD));
    }
}
