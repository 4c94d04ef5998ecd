package org.dtablecluster.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * The admin page's timeline of recent changes, as headless Chromium renders it, on the real
 * jetty-home: two proxies (one leads), a second dtable-server joins, a rebalance over HTTP moves
 * half the buckets; both proxies' pages show the rebalance with its trigger, who asked and its
 * moves, read from the history in etcd. With etcd down the page still renders and says why the
 * timeline is missing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TimelineEndToEndTest {

    @RegisterExtension
    static final EtcdClusterExtension ETCD = EtcdClusterExtension.builder().members(1).build();

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String ONE = "dtable-server-01";
    private static final String TWO = "dtable-server-02";
    private static final Pattern REBALANCE_ROW = Pattern.compile(
            "<tr data-seq=\"(\\d+)\" data-trigger=\"rebalance\" data-moves=\"128\">(.*?)</tr>", Pattern.DOTALL);

    @TempDir
    static Path work;

    static DtableServerSimulator one;
    static DtableServerSimulator two;
    static FakeNodes nodes;
    static JettyProcess first;
    static JettyProcess second;
    static JettyProcess leader;
    static JettyProcess follower;

    @BeforeAll
    static void startCluster() throws Exception {
        one = DtableServerSimulator.start(ONE);
        two = DtableServerSimulator.start(TWO);
        Client client = ETCD.newClient();
        // the first call loads gRPC, which takes long on a busy machine: give it more than a put's 5 s
        client.getKVClient().get(ByteSequence.from("assign-00", StandardCharsets.UTF_8)).get(60, TimeUnit.SECONDS);
        nodes = new FakeNodes(client);
        nodes.register(ONE, one.uri());
        first = JettyProcess.prepare(work, "proxy-1", config()).start();
        Poll.until(WAIT, () -> counts().equals(Map.of(ONE, 256)), () -> "all 256 buckets on " + ONE + ": " + counts());
        second = JettyProcess.prepare(work, "proxy-2", config()).start();
        Poll.until(WAIT, () -> leads(first) != leads(second), "one of the two proxies leads");
        leader = leads(first) ? first : second;
        follower = leader == first ? second : first;
    }

    @AfterAll
    static void stop() throws Exception {
        for (JettyProcess p : new JettyProcess[] {second, first}) {
            if (p != null) {
                p.close();
            }
        }
        for (DtableServerSimulator s : new DtableServerSimulator[] {one, two}) {
            if (s != null) {
                s.close();
            }
        }
    }

    @Test
    @Order(1)
    void bothPagesShowTheRebalanceWithItsTriggerAskerAndMoves() throws Exception {
        nodes.register(TWO, two.uri());
        Poll.until(WAIT, () -> liveNodes(leader) == 2 && liveNodes(follower) == 2, "both proxies see " + TWO);
        HttpResponse<String> r = AdminHttp.anonymous(follower.adminUrl()).send("POST", "/rebalance/", null);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(128, AdminHttp.json(r).get("moved").asInt(), r.body());
        Poll.until(WAIT, () -> counts().equals(Map.of(ONE, 128, TWO, 128)), () -> "half moved: " + counts());
        Poll.until(WAIT, () -> rebalanceInHistory(leader) != null, "the rebalance is in the history");
        JsonNode entry = rebalanceInHistory(leader);

        for (JettyProcess p : new JettyProcess[] {leader, follower}) {
            String dom = HeadlessChromium.dumpDom(p.adminUrl() + "/", work);
            String who = p == leader ? "the leader's page" : "the follower's page";
            assertTrue(dom.contains("<h2>Recent changes</h2>"), who + ": " + dom);
            Matcher row = REBALANCE_ROW.matcher(dom);
            assertTrue(row.find(), who + " has a row for the rebalance: " + section(dom));
            assertEquals(entry.get("seq").asText(), row.group(1), who + ": the entry GET /history lists");
            String cells = row.group(2);
            assertTrue(cells.contains("rebalance / <b>rebalance</b>"), who + ": kind and trigger: " + cells);
            assertTrue(cells.contains("<td>anonymous</td>"), who + ": who asked: " + cells);
            assertTrue(cells.contains("<b>128</b>: <code>"), who + ": the number of moves: " + cells);
            assertTrue(cells.contains(ONE + " → " + TWO), who + ": a move spelled out: " + cells);
            assertTrue(cells.contains("… and 124 more"), who + ": " + cells);
            assertTrue(cells.matches("(?s).*<td class=\"num\">\\d+ ms</td>.*"), who + ": the duration: " + cells);
            assertFalse(dom.contains("<script"), who);
        }
    }

    @Test
    @Order(2)
    void theLeaderExportsTheHandoffDurationHistogram() {
        PrometheusText p = MetricsEndToEndTest.scrape(leader);
        assertEquals("histogram", p.family("dtable_cluster_handoff_duration_seconds").type());
        for (String outcome : new String[] {"completed", "cancelled"}) {
            // the fake dtable-servers release nothing through a handoff: every move was written directly
            assertEquals(0, p.value("dtable_cluster_handoff_duration_seconds_count", "outcome", outcome), outcome);
        }
    }

    @Test
    @Order(3)
    void withEtcdDownThePageRendersAndSaysTheHistoryCannotBeRead() throws Exception {
        ETCD.stopAll();
        try {
            String dom = HeadlessChromium.dumpDom(follower.adminUrl() + "/", work);
            assertTrue(dom.contains("data-timeline=\"unavailable\""), section(dom));
            assertTrue(dom.contains("The history could not be read: etcd did not answer"), section(dom));
            assertTrue(dom.contains("<h2>Buckets</h2>") && dom.contains("<footer>"), "the rest of the page is there");
        } finally {
            ETCD.startAll();
            ETCD.awaitHealthy(Duration.ofSeconds(30));
        }
    }

    private static JsonNode rebalanceInHistory(JettyProcess p) {
        HttpResponse<String> r = AdminHttp.anonymous(p.adminUrl()).get("/history?limit=10");
        if (r.statusCode() != 200) {
            return null;
        }
        for (JsonNode e : AdminHttp.json(r).get("entries")) {
            if ("rebalance".equals(e.path("trigger").asText()) && e.path("moves").size() == 128) {
                return e;
            }
        }
        return null;
    }

    private static boolean leads(JettyProcess p) {
        HttpResponse<String> r = AdminHttp.anonymous(p.adminUrl()).get("/status");
        return r.statusCode() == 200 && AdminHttp.json(r).path("monitor").path("leader").asBoolean();
    }

    private static long liveNodes(JettyProcess p) {
        HttpResponse<String> r = AdminHttp.anonymous(p.adminUrl()).get("/status");
        if (r.statusCode() != 200) {
            return -1;
        }
        long live = 0;
        for (JsonNode n : AdminHttp.json(r).path("nodes")) {
            live += n.path("live").asBoolean() ? 1 : 0;
        }
        return live;
    }

    // the tests' proxy, without rebalancing by itself: the one rebalance is the test's
    private static String config() {
        String c = Clusters.proxyConfig(ETCD);
        String anchor = "\"monitor_interval_seconds\": 2,";
        if (!c.contains(anchor)) {
            throw new IllegalStateException("the shared proxy config changed: " + c);
        }
        return c.replace(anchor, anchor + " \"auto_rebalance\": false,");
    }

    private static Map<String, Integer> counts() {
        try {
            return nodes.counts();
        } catch (Exception e) {
            return Map.of("cannot read etcd", 0);
        }
    }

    // the timeline section, for failure messages
    private static String section(String dom) {
        int at = dom.indexOf("<section class=\"timeline\"");
        return at < 0 ? "no timeline section" : dom.substring(at, Math.min(dom.length(), dom.indexOf("</section>", at) + 10));
    }
}
