package org.dtablecluster.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dtablecluster.simulator.DtableServerSimulator;
import org.dtablecluster.testing.EtcdClusterExtension;
import org.dtablecluster.testing.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin port of the proxy as shipped, on the real jetty-home: no admin password configured.
 * Status, base lookups, the page in a real browser, Jolokia reads, and the seed's
 * {@code curl -X POST http://proxy:5555/rebalance/} without credentials; Jolokia exec refused.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminOpenEndToEndTest {

    @RegisterExtension
    static final EtcdClusterExtension ETCD = EtcdClusterExtension.builder().members(1).build();

    @TempDir
    static Path work;

    static DtableServerSimulator one;
    static DtableServerSimulator two;
    static FakeNodes nodes;
    static JettyProcess proxy;
    static AdminHttp admin;

    @BeforeAll
    static void startCluster() throws Exception {
        one = DtableServerSimulator.start("dtable-server-01");
        two = DtableServerSimulator.start("dtable-server-02");
        nodes = new FakeNodes(ETCD.newClient());
        nodes.register("dtable-server-01", one.uri());
        nodes.register("dtable-server-02", two.uri());
        proxy = JettyProcess.prepare(work, "proxy", Clusters.proxyConfig(ETCD)).start();
        admin = AdminHttp.anonymous(proxy.adminUrl());
        Poll.until(Duration.ofSeconds(30), () -> Clusters.owners(nodes).size() == 256, "all 256 buckets assigned");
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
    @Order(1)
    void statusShowsNodesLeaderRevisionAndCounters() throws Exception {
        Poll.until(Duration.ofSeconds(10), () -> AdminHttp.json(admin.get("/status")).get("nodes").size() == 2
                && !AdminHttp.json(admin.get("/status")).get("monitor").get("last_change").isNull(), "status settles");
        JsonNode s = AdminHttp.json(admin.get("/status"));

        assertEquals(List.of("dtable-server-01", "dtable-server-02"),
                List.of(s.get("nodes").get(0).get("node_id").asText(), s.get("nodes").get(1).get("node_id").asText()));
        for (JsonNode n : s.get("nodes")) {
            assertEquals(128, n.get("buckets").asInt(), n.toString());
            assertTrue(n.get("live").asBoolean());
            DtableServerSimulator sim = n.get("node_id").asText().endsWith("01") ? one : two;
            assertEquals(sim.uri().toString(), n.get("local_node_url").asText());
            assertEquals(sim.uri().toString(), n.get("node_url").asText());
        }
        JsonNode monitor = s.get("monitor");
        assertTrue(monitor.get("leader").asBoolean(), s.toString());
        assertEquals(monitor.get("instance_id").asText(), s.get("leader").asText());
        assertTrue(s.get("revision").asLong() > 0);
        assertEquals(0, s.get("buckets_without_live_owner").asInt());
        assertEquals(256, monitor.get("last_change").get("moved").asInt(), "the first run assigned every bucket");
        assertFalse(monitor.get("last_run").isNull());
        assertTrue(s.get("proxy").get("errors").has("no_owner"), s.toString());
        assertEquals(Clusters.owners(nodes).get(0x8b), s.get("assignment").get("8b").asText());
    }

    @Test
    @Order(2)
    void baseLookupsAgreeWithEtcdInBothUuidForms() throws Exception {
        Map<Integer, String> owners = Clusters.owners(nodes);
        for (int bucket : List.of(0x00, 0x7f, 0x8b, 0xff)) {
            String dashed = FakeNodes.baseIn(bucket, 7);
            for (String id : List.of(dashed, dashed.replace("-", "").toUpperCase())) {
                HttpResponse<String> r = admin.get("/bases/" + id);
                assertEquals(200, r.statusCode(), r.body());
                JsonNode found = AdminHttp.json(r);
                assertEquals(dashed, found.get("base").asText());
                assertEquals(String.format("%02x", bucket), found.get("bucket").asText());
                assertEquals(owners.get(bucket), found.get("node_id").asText(), id);
                DtableServerSimulator sim = owners.get(bucket).endsWith("01") ? one : two;
                assertEquals(sim.uri().toString(), found.get("local_node_url").asText());
            }
        }
        HttpResponse<String> bad = admin.get("/bases/8b2d-not-a-uuid");
        assertEquals(400, bad.statusCode());
        assertEquals("bad_base_id", AdminHttp.json(bad).get("error").asText());
    }

    @Test
    @Order(3)
    void jolokiaReadsOurMBeansWithoutCredentialsButRefusesExec() {
        JsonNode leader = admin.read("org.dtablecluster:type=Monitor", "Leader");
        assertEquals(200, leader.get("status").asInt(), leader.toString());
        assertTrue(leader.get("value").asBoolean());
        JsonNode counts = admin.read("org.dtablecluster:type=Monitor", "BucketsPerNode").get("value");
        assertEquals(128, counts.get("dtable-server-01").asInt(), counts.toString());
        JsonNode errors = admin.read("org.dtablecluster:type=Proxy", "ErrorsByKind").get("value");
        assertTrue(errors.has("owner_timeout") && errors.has("bad_base_id"), errors.toString());

        HttpResponse<String> exec = admin.post("/jolokia/", "{\"type\":\"exec\",\"mbean\":"
                + "\"org.dtablecluster:type=Monitor\",\"operation\":\"rebalance\"}");
        assertEquals(401, exec.statusCode(), exec.body());
        assertTrue(exec.headers().firstValue("WWW-Authenticate").isPresent());
    }

    @Test
    @Order(4)
    void theSeedsRebalanceNeedsNoCredentials() throws Exception {
        try (DtableServerSimulator three = DtableServerSimulator.start("dtable-server-03")) {
            nodes.register("dtable-server-03", three.uri());
            Poll.until(Duration.ofSeconds(10), () -> AdminHttp.json(admin.get("/status")).get("nodes").size() == 3,
                    "the proxy sees dtable-server-03");
            assertEquals(Map.of("dtable-server-01", 128, "dtable-server-02", 128), nodes.counts(),
                    "a new node gets nothing until a rebalance");

            HttpResponse<String> r = admin.post("/rebalance/", "");
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(85, AdminHttp.json(r).get("moved").asInt(), r.body());
            assertEquals(Map.of("dtable-server-01", 86, "dtable-server-02", 85, "dtable-server-03", 85), nodes.counts());

            long written = AdminHttp.json(r).get("revision").asLong();
            Poll.until(Duration.ofSeconds(10), () -> admin.read("org.dtablecluster:type=Monitor", "AssignmentRevision")
                    .path("value").asLong() >= written, "the MBean's view reaches the rebalance's revision " + written);
            JsonNode change = AdminHttp.json(admin.get("/status")).get("monitor").get("last_change");
            assertEquals("REBALANCE", change.get("kind").asText(), change.toString());
            assertEquals(85, change.get("moved").asInt());
            pageRendersInChromium();
            nodes.deregister("dtable-server-03");
        }
    }

    /** The page as a person sees it, while three nodes share the buckets 86/85/85. */
    private void pageRendersInChromium() throws Exception {
        Poll.until(Duration.ofSeconds(10), () -> admin.get("/").body().contains(">85<span"), "page shows 85");
        String dom = HeadlessChromium.dumpDom(proxy.adminUrl() + "/", work);

        Matcher cells = Pattern.compile("<td data-bucket=\"([0-9a-f]{2})\" data-owner=\"([^\"]*)\"").matcher(dom);
        Map<Integer, String> owners = Clusters.owners(nodes);
        int n = 0;
        while (cells.find()) {
            assertEquals(String.format("%02x", n), cells.group(1));
            assertEquals(owners.get(n), cells.group(2), "cell " + cells.group(1) + " shows etcd's owner");
            n++;
        }
        assertEquals(256, n, "16 × 16 buckets");
        for (String row : List.of("dtable-server-01\"><td>", "dtable-server-02\"><td>", "dtable-server-03\"><td>")) {
            assertTrue(dom.contains("<tr data-node=\"" + row), row);
        }
        assertTrue(dom.contains(">86<span class=\"bar\""), "counts in the node table");
        assertEquals(2, dom.split(">85<span class=\"bar\"", -1).length - 1);
        assertTrue(dom.contains("rebalance · 85 moves"), "the last run in the summary");
        assertFalse(dom.contains("<script"), "no script");

        Path png = Files.createDirectories(Path.of("target", "admin-page")).resolve("admin-page.png");
        HeadlessChromium.screenshot(proxy.adminUrl() + "/", png, 1280, 1400, work);
        assertTrue(Files.size(png) > 20_000, "a screenshot with content: " + Files.size(png) + " bytes");
    }

    @Test
    @Order(5)
    void adminPathsOnTheProxyPortGoToADtableServer() {
        for (String path : List.of("/status", "/jolokia/version", "/bases/" + FakeNodes.baseIn(1, 1))) {
            HttpResponse<String> r = AdminHttp.anonymous(proxy.proxyUrl()).get(path);
            assertNotNull(r.headers().firstValue(DtableServerSimulator.NODE_HEADER).orElse(null),
                    path + " was answered by the proxy process itself: " + r.body());
        }
        assertTrue(URI.create(proxy.adminUrl()).getPort() != URI.create(proxy.proxyUrl()).getPort());
    }
}
