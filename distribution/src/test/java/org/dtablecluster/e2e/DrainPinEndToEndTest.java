package org.dtablecluster.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.dtablecluster.simulator.DtableServerSimulator;
import org.dtablecluster.testing.EtcdClusterExtension;
import org.dtablecluster.testing.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drain, undrain and pin over HTTP on the admin port of the proxy as shipped, on the real
 * jetty-home: a drained node is emptied and stays empty through a rebalance, an undrained one
 * gets its share back, a pinned bucket moves and stays through a rebalance.
 */
class DrainPinEndToEndTest {

    @RegisterExtension
    static final EtcdClusterExtension ETCD = EtcdClusterExtension.builder().members(1).build();

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String ONE = "dtable-server-01";
    private static final String TWO = "dtable-server-02";

    @TempDir
    static Path work;

    static DtableServerSimulator one;
    static DtableServerSimulator two;
    static FakeNodes nodes;
    static JettyProcess proxy;
    static AdminHttp admin;

    @BeforeAll
    static void startCluster() throws Exception {
        one = DtableServerSimulator.start(ONE);
        two = DtableServerSimulator.start(TWO);
        nodes = new FakeNodes(ETCD.newClient());
        nodes.register(ONE, one.uri());
        nodes.register(TWO, two.uri());
        proxy = JettyProcess.prepare(work, "proxy", Clusters.proxyConfig(ETCD)).start();
        admin = AdminHttp.anonymous(proxy.adminUrl());
        Poll.until(WAIT, () -> Clusters.owners(nodes).size() == 256, "all 256 buckets assigned");
        Poll.until(WAIT, () -> AdminHttp.json(admin.get("/status")).get("monitor").get("leader").asBoolean(),
                "the proxy's monitor leads");
    }

    private static Map<String, Integer> counts() {
        try {
            return nodes.counts();
        } catch (Exception e) {
            return Map.of("cannot read etcd", 0);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        one.close();
        two.close();
    }

    @Test
    void drainAndUndrainOverHttpThenAPinThatSurvivesARebalance() throws Exception {
        HttpResponse<String> dry = admin.send("POST", "/nodes/" + TWO + "/drain?dry_run=true", null);
        assertEquals(200, dry.statusCode(), dry.body());
        assertEquals(nodes.counts().get(TWO).intValue(), AdminHttp.json(dry).get("moved").asInt(), dry.body());
        assertEquals(Map.of(ONE, 128, TWO, 128), nodes.counts(), "a dry run moves nothing");

        HttpResponse<String> drained = admin.send("POST", "/nodes/" + TWO + "/drain", null);
        assertEquals(200, drained.statusCode(), drained.body());
        assertEquals("APPLIED", AdminHttp.json(drained).get("outcome").asText());
        Poll.until(WAIT, () -> counts().equals(Map.of(ONE, 256)), () -> "drained: " + counts());
        HttpResponse<String> rebalanced = admin.send("POST", "/rebalance/", null);
        assertEquals(200, rebalanced.statusCode(), rebalanced.body());
        assertEquals(Map.of(ONE, 256), nodes.counts(), "a rebalance gives a drained node nothing");
        JsonNode status = AdminHttp.json(admin.get("/status"));
        assertEquals(TWO, status.get("drained").get(0).get("node_id").asText(), status.toString());
        assertTrue(admin.get("/").body().contains("data-drained=\"" + TWO + "\""), "the page shows the drain");

        HttpResponse<String> last = admin.send("POST", "/nodes/" + ONE + "/drain", null);
        assertEquals(409, last.statusCode(), last.body());
        assertEquals("refused", AdminHttp.json(last).get("error").asText());

        HttpResponse<String> undrained = admin.send("POST", "/nodes/" + TWO + "/undrain", null);
        assertEquals(200, undrained.statusCode(), undrained.body());
        Poll.until(WAIT, () -> counts().equals(Map.of(ONE, 128, TWO, 128)),
                () -> "its share back: " + counts());

        int bucket = 0x3f;
        String target = Clusters.owners(nodes).get(bucket).equals(ONE) ? TWO : ONE;
        HttpResponse<String> pinned = admin.send("PUT", "/buckets/3f/pin", "{\"node_id\": \"" + target + "\"}");
        assertEquals(200, pinned.statusCode(), pinned.body());
        Poll.until(WAIT, () -> target.equals(Clusters.owners(nodes).get(bucket)), "moved to its pin");
        assertEquals(200, admin.send("POST", "/rebalance/", null).statusCode());
        assertEquals(target, Clusters.owners(nodes).get(bucket), "the pin survives a rebalance");
        assertEquals(target, AdminHttp.json(admin.get("/status")).get("pins").get("3f").asText());

        HttpResponse<String> toGhost = admin.send("PUT", "/buckets/40/pin", "{\"node_id\": \"dtable-server-99\"}");
        assertEquals(409, toGhost.statusCode(), toGhost.body());
        assertEquals(400, admin.send("DELETE", "/buckets/zz/pin", null).statusCode());
        assertEquals(200, admin.send("DELETE", "/buckets/3f/pin", null).statusCode());
        assertTrue(AdminHttp.json(admin.get("/status")).get("pins").isEmpty());
    }
}
