package org.dtablecluster.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dtablecluster.simulator.DtableServerSimulator;
import org.dtablecluster.testing.EtcdClusterExtension;
import org.dtablecluster.testing.Poll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The leader rebalances by itself, on the real jetty-home: a node that joins (here after flapping:
 * joining and leaving within the hold-off) gets buckets once the live nodes have stayed the same
 * for {@code rebalance_hold_off_seconds}, in one automatic rebalance, and no more than
 * {@code max_moves_per_minute} buckets move within the minute.
 */
class AutoRebalanceEndToEndTest {

    @RegisterExtension
    static final EtcdClusterExtension ETCD = EtcdClusterExtension.builder().members(1).build();

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int HOLD_OFF_SECONDS = 3;
    private static final int MAX_MOVES_PER_MINUTE = 20;
    private static final String ONE = "dtable-server-01";
    private static final String TWO = "dtable-server-02";
    private static final String THREE = "dtable-server-03";

    @TempDir
    Path work;

    @Test
    void aFlappingNodeGetsOneThrottledRebalanceAfterTheHoldOff() throws Exception {
        FakeNodes nodes = new FakeNodes(ETCD.newClient());
        try (DtableServerSimulator one = DtableServerSimulator.start(ONE);
                DtableServerSimulator two = DtableServerSimulator.start(TWO);
                DtableServerSimulator three = DtableServerSimulator.start(THREE)) {
            nodes.register(ONE, one.uri());
            nodes.register(TWO, two.uri());
            try (JettyProcess proxy = JettyProcess.prepare(work, "proxy", config()).start()) {
                AdminHttp admin = AdminHttp.anonymous(proxy.adminUrl());
                Poll.until(WAIT, () -> counts(nodes).equals(Map.of(ONE, 128, TWO, 128)), () -> "assigned: " + counts(nodes));
                Poll.until(WAIT, () -> AdminHttp.json(admin.get("/status")).get("monitor").get("leader").asBoolean(),
                        "the proxy's monitor leads");
                assertEquals(List.of(), autoRuns(admin), "nothing to even out yet");

                // the third node flaps: joins, leaves, joins, leaves, joins, each within the hold-off
                nodes.register(THREE, three.uri());
                for (int i = 0; i < 2; i++) {
                    Thread.sleep(700);
                    nodes.deregister(THREE);
                    Thread.sleep(700);
                    nodes.register(THREE, three.uri());
                }
                long settled = System.nanoTime();
                Poll.until(Duration.ofSeconds(HOLD_OFF_SECONDS + 10), () -> counts(nodes).getOrDefault(THREE, 0) > 0,
                        () -> "the joined node got buckets: " + counts(nodes));
                System.out.printf("automatic rebalance: the joined node got buckets %d ms after it last joined "
                        + "(hold-off %d s)%n", Duration.ofNanos(System.nanoTime() - settled).toMillis(), HOLD_OFF_SECONDS);

                // well within the minute: the limit holds back the rest of the plan
                Thread.sleep(Duration.ofSeconds(HOLD_OFF_SECONDS + 3).toMillis());
                assertEquals(MAX_MOVES_PER_MINUTE, counts(nodes).get(THREE).intValue(),
                        "max_moves_per_minute buckets moved, the rest waits: " + counts(nodes));
                List<JsonNode> runs = autoRuns(admin);
                assertEquals(1, runs.size(), "one automatic rebalance for the flapping node: " + runs);
                assertEquals(MAX_MOVES_PER_MINUTE, runs.get(0).get("moves").size(), runs.toString());
                assertEquals("auto", runs.get(0).get("requested_by").asText(), runs.toString());
            }
        }
    }

    /** The automatic runs that moved buckets, from the leader's change history. */
    private static List<JsonNode> autoRuns(AdminHttp admin) {
        List<JsonNode> runs = new ArrayList<>();
        for (JsonNode e : AdminHttp.json(admin.get("/history?limit=500")).get("entries")) {
            if (e.get("trigger").asText().equals("auto") && !e.get("moves").isEmpty()) {
                runs.add(e);
            }
        }
        return runs;
    }

    private static String config() {
        return """
                {"cluster_config": {
                  "etcd_host_list": %s,
                  "monitor_interval_seconds": 2,
                  "monitor_reregister_grace_seconds": 1,
                  "auto_rebalance": true,
                  "rebalance_hold_off_seconds": %d,
                  "max_moves_per_minute": %d
                }}""".formatted(Clusters.endpoints(ETCD), HOLD_OFF_SECONDS, MAX_MOVES_PER_MINUTE);
    }

    private static Map<String, Integer> counts(FakeNodes nodes) {
        try {
            return nodes.counts();
        } catch (Exception e) {
            return Map.of("cannot read etcd: " + e, 0);
        }
    }
}
