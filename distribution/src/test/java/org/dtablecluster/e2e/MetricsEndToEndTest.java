package org.dtablecluster.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.dtablecluster.simulator.DtableServerSimulator;
import org.dtablecluster.testing.EtcdClusterExtension;
import org.dtablecluster.testing.Poll;
import org.dtablecluster.testing.PrometheusText;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics} on the admin port of a proxy and of a node agent, on the real jetty-home:
 * after requests through the proxy, each scrape passes a strict text-format parser and every
 * documented metric is there with the value the requests made. Two dtable-servers are fakes
 * registered by the test; the third has a real node agent.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetricsEndToEndTest {

    @RegisterExtension
    static final EtcdClusterExtension ETCD = EtcdClusterExtension.builder().members(1).build();

    @TempDir
    static Path work;

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final String AGENT_NODE = "dtable-server-03";

    static DtableServerSimulator one;
    static DtableServerSimulator two;
    static DtableServerSimulator three;
    static FakeNodes nodes;
    static JettyProcess agent;
    static JettyProcess proxy;

    @BeforeAll
    static void startCluster() throws Exception {
        one = DtableServerSimulator.start("dtable-server-01");
        two = DtableServerSimulator.start("dtable-server-02");
        three = DtableServerSimulator.start(AGENT_NODE);
        nodes = new FakeNodes(ETCD.newClient());
        nodes.register("dtable-server-01", one.uri());
        nodes.register("dtable-server-02", two.uri());
        agent = JettyProcess.prepare(work, "agent", Clusters.nodeConfig(ETCD, AGENT_NODE, three.uri())).start();
        Poll.until(Duration.ofSeconds(60), () -> scrape(agent).value("dtable_cluster_node_registered",
                "node", AGENT_NODE) == 1, () -> "the node agent registers; its log:\n" + agent.logTail(30));
        proxy = JettyProcess.prepare(work, "proxy", Clusters.proxyConfig(ETCD)).start();
        Poll.until(Duration.ofSeconds(60), () -> Clusters.owners(nodes).size() == 256
                && Clusters.owners(nodes).values().stream().distinct().count() == 3, "256 buckets on three nodes");
    }

    @AfterAll
    static void stop() throws Exception {
        for (JettyProcess p : new JettyProcess[] {proxy, agent}) {
            if (p != null) {
                p.close();
            }
        }
        for (DtableServerSimulator s : new DtableServerSimulator[] {one, two, three}) {
            if (s != null) {
                s.close();
            }
        }
    }

    @Test
    @Order(1)
    void theProxyCountsEveryRequestByNodeAndStatusClassAndTimesIt() throws Exception {
        Map<String, Integer> forwarded = new TreeMap<>();
        Map<String, Integer> byNodeAndClass = new TreeMap<>();
        List<String> paths = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            paths.add("/dtables/" + FakeNodes.baseIn(i * 6 + i % 3, 1) + "/");
        }
        paths.add("/ping/");
        paths.add("/metrics"); // on the proxy port, an admin path is proxied like any other
        for (String path : paths) {
            HttpResponse<String> r = get(proxy.proxyUrl() + path);
            String node = r.headers().firstValue(DtableServerSimulator.NODE_HEADER).orElseThrow(() ->
                    new AssertionError(path + " was not answered by a dtable-server: " + r.statusCode() + " " + r.body()));
            forwarded.merge(node, 1, Integer::sum);
            byNodeAndClass.merge(node + " " + r.statusCode() / 100 + "xx", 1, Integer::sum);
            if (path.equals("/metrics")) {
                assertFalse(r.body().contains("dtable_cluster_"), "no metrics on the proxy port: " + r.body());
            }
        }
        HttpResponse<String> bad = get(proxy.proxyUrl() + "/api/v1/dtables/not-a-uuid/rows/");
        assertEquals(400, bad.statusCode());
        assertEquals(3, forwarded.size(), "requests reached every node: " + forwarded);

        HttpResponse<String> raw = get(proxy.adminUrl() + "/metrics");
        assertEquals(200, raw.statusCode());
        assertTrue(raw.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
                raw.headers().toString());
        PrometheusText p = PrometheusText.parse(raw.body());

        assertEquals(paths.size(), p.sum("dtable_cluster_proxy_requests_forwarded_total"));
        forwarded.forEach((node, n) -> {
            assertEquals((double) n, p.value("dtable_cluster_proxy_requests_forwarded_total", "node", node), node);
            assertEquals((double) n, p.value("dtable_cluster_proxy_request_duration_seconds_count", "node", node), node);
            double seconds = p.value("dtable_cluster_proxy_request_duration_seconds_sum", "node", node);
            assertTrue(seconds > 0 && seconds < n * 3.0, node + " took " + seconds + " s for " + n + " requests");
        });
        byNodeAndClass.forEach((key, n) -> {
            String[] nodeAndClass = key.split(" ");
            assertEquals((double) n, p.value("dtable_cluster_proxy_responses_total", "node", nodeAndClass[0],
                    "status_class", nodeAndClass[1]), key);
        });
        assertEquals(1, p.value("dtable_cluster_proxy_responses_total", "node", "none", "status_class", "4xx"));
        assertEquals(paths.size() + 1, p.sum("dtable_cluster_proxy_responses_total"));
        assertEquals(1, p.value("dtable_cluster_proxy_request_duration_seconds_count", "node", "none"));
        assertEquals(1, p.value("dtable_cluster_proxy_errors_total", "code", "bad_base_id"));
        assertEquals(0, p.value("dtable_cluster_proxy_errors_total", "code", "no_owner"));
        assertEquals(0, p.value("dtable_cluster_proxy_client_aborts_total"));
        assertEquals(0, p.value("dtable_cluster_proxy_tunnels_opened_total"));
        assertEquals(0, p.sum("dtable_cluster_proxy_tunnels_closed_total"));
        assertEquals("histogram", p.family("dtable_cluster_proxy_request_duration_seconds").type());

        assertEquals(1, p.value("dtable_cluster_monitor_leader"));
        assertTrue(p.value("dtable_cluster_monitor_runs_total") >= 1);
        assertTrue(p.value("dtable_cluster_monitor_transactions_total") >= 2, "256 moves take two transactions");
        assertTrue(p.value("dtable_cluster_monitor_moves_total", "kind", "repair") >= 256, "the first run assigned all");
        assertEquals(0, p.value("dtable_cluster_monitor_moves_total", "kind", "rebalance"));
        assertEquals(0, p.value("dtable_cluster_monitor_unowned_buckets"));
        assertTrue(p.value("dtable_cluster_monitor_run_failures_total") >= 0);
        assertEquals("histogram", p.family("dtable_cluster_handoff_duration_seconds").type());
        assertEquals(0, p.value("dtable_cluster_handoff_duration_seconds_count", "outcome", "completed"),
                "no node here releases through a handoff");
        assertEquals(0, p.value("dtable_cluster_handoff_duration_seconds_count", "outcome", "cancelled"));

        assertViewInSync(p);
        assertTrue(p.value("jvm_memory_used_bytes", "area", "heap") > 0);
        assertTrue(p.families().keySet().stream().noneMatch(n -> n.startsWith("dtable_cluster_node_")),
                "the proxy runs no node agent");
        for (PrometheusText.Family f : p.families().values()) {
            assertTrue(f.help() != null && !f.help().isBlank(), "HELP of " + f.name());
        }
    }

    @Test
    @Order(2)
    void openTunnelsAreCountedByOwnerAndClosedOnesByReason() throws Exception {
        String base = FakeNodes.baseIn(0x42, 1);
        String owner = Clusters.owners(nodes).get(0x42);
        double forwardedBefore = scrape(proxy).value("dtable_cluster_proxy_requests_forwarded_total", "node", owner);
        double responsesBefore = scrape(proxy).sum("dtable_cluster_proxy_responses_total");

        WebSocket socket = HTTP.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + proxy.proxyPort()
                + "/socket.io/?dtable_uuid=" + base + "&EIO=4&transport=websocket"), new WebSocket.Listener() { })
                .get(10, TimeUnit.SECONDS);
        PrometheusText open = scrape(proxy);
        assertEquals(1, open.value("dtable_cluster_proxy_tunnels_open", "node", owner));
        assertEquals(1, open.value("dtable_cluster_proxy_tunnels_opened_total"));
        assertEquals(forwardedBefore + 1, open.value("dtable_cluster_proxy_requests_forwarded_total", "node", owner));

        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
        Poll.until(Duration.ofSeconds(10), () -> scrape(proxy).value("dtable_cluster_proxy_tunnels_closed_total",
                "reason", "client_closed") == 1, "the tunnel is counted closed by the client");
        PrometheusText closed = scrape(proxy);
        assertEquals(0, closed.value("dtable_cluster_proxy_tunnels_open", "node", owner));
        assertEquals(1, closed.sum("dtable_cluster_proxy_tunnels_closed_total"));
        assertEquals(responsesBefore, closed.sum("dtable_cluster_proxy_responses_total"),
                "a tunnel is no request/response exchange");
    }

    @Test
    @Order(3)
    void theNodeAgentShowsItsLeaseAndTheView() throws Exception {
        PrometheusText p = scrape(agent);

        assertEquals(1, p.value("dtable_cluster_node_registered", "node", AGENT_NODE));
        assertEquals(1, p.value("dtable_cluster_node_lease_present", "node", AGENT_NODE));
        assertEquals(1, p.value("dtable_cluster_node_lease_grants_total", "node", AGENT_NODE));
        double age = p.value("dtable_cluster_node_lease_keepalive_age_seconds", "node", AGENT_NODE);
        assertTrue(age >= 0 && age < 10, "the last keep-alive is younger than the 10 s lease: " + age);
        assertEquals(1, p.value("dtable_cluster_node_health_state", "state", "healthy"));
        assertEquals(0, p.value("dtable_cluster_node_health_state", "state", "unhealthy"));
        long owned = Clusters.owners(nodes).values().stream().filter(AGENT_NODE::equals).count();
        assertEquals(owned, p.value("dtable_cluster_node_owned_buckets", "node", AGENT_NODE));
        assertEquals(owned, p.value("dtable_cluster_buckets_assigned", "node", AGENT_NODE));
        assertViewInSync(p);
        assertTrue(p.families().keySet().stream().noneMatch(n -> n.startsWith("dtable_cluster_proxy_")
                || n.startsWith("dtable_cluster_monitor_") || n.startsWith("dtable_cluster_handoff")),
                "a node agent runs neither proxy nor monitor");
    }

    @Test
    @Order(4)
    void metricsAreAReadOnTheAdminPortOnly() throws Exception {
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(URI.create(proxy.adminUrl() + "/metrics"))
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
        assertEquals("method_not_allowed", AdminHttp.json(post).get("error").asText());
        HttpResponse<String> agentOnProxyPort = get(agent.proxyUrl() + "/metrics");
        assertEquals(404, agentOnProxyPort.statusCode(), agentOnProxyPort.body());
    }

    @Test
    @Order(5)
    void scrapesNeedNoEtcdAndShowTheViewGoingStale() throws Exception {
        ETCD.stopAll();
        try {
            Poll.until(Duration.ofSeconds(20), () -> scrape(proxy).value("dtable_cluster_view_staleness_seconds") > 1,
                    "the proxy's view reports itself stale");
            PrometheusText p = scrape(proxy);
            assertEquals(0, p.value("dtable_cluster_view_connection_state", "state", "connected"));
            assertEquals(1, p.value("dtable_cluster_view_connection_state", "state", "suspended")
                    + p.value("dtable_cluster_view_connection_state", "state", "lost"));
            // The agent may give its lease up meanwhile; then the age is absent, which is also right.
            Poll.until(Duration.ofSeconds(20), () -> scrape(agent).samples(
                    "dtable_cluster_node_lease_keepalive_age_seconds").stream().allMatch(s -> s.value() > 4),
                    "the node agent's keep-alives stop being acknowledged");
        } finally {
            ETCD.startAll();
            ETCD.awaitHealthy(Duration.ofSeconds(30));
        }
    }

    private static void assertViewInSync(PrometheusText p) {
        assertEquals(1, p.value("dtable_cluster_view_connection_state", "state", "connected"));
        assertEquals(0, p.value("dtable_cluster_view_connection_state", "state", "suspended"));
        assertEquals(0, p.value("dtable_cluster_view_staleness_seconds"));
        assertTrue(p.value("dtable_cluster_view_snapshot_age_seconds") >= 0);
        assertTrue(p.value("dtable_cluster_view_revision") > 0);
        assertEquals(3, p.value("dtable_cluster_live_nodes"));
        assertEquals(256, p.sum("dtable_cluster_buckets_assigned"));
        assertEquals(0, p.value("dtable_cluster_buckets_without_live_owner"));
    }

    static PrometheusText scrape(JettyProcess process) {
        HttpResponse<String> r = get(process.adminUrl() + "/metrics");
        if (r.statusCode() != 200) {
            throw new AssertionError("/metrics answered " + r.statusCode() + ": " + r.body());
        }
        return PrometheusText.parse(r.body());
    }

    static HttpResponse<String> get(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(url, e);
        }
    }
}
