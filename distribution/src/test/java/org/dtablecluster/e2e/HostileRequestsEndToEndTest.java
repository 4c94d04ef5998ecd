package org.dtablecluster.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etcd.jetcd.Client;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.dtablecluster.simulator.DtableServerSimulator;
import org.dtablecluster.testing.EtcdClusterExtension;
import org.dtablecluster.testing.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests a client library would not send as written, against the WAR on the real jetty-home:
 * odd paths, oversized heads, slow and announced uploads, foreign Host names, and a bounded run
 * of random requests. Every answer the proxy process makes itself must be JSON with an
 * {@code error} code.
 */
class HostileRequestsEndToEndTest {

    @RegisterExtension
    static final EtcdClusterExtension ETCD = EtcdClusterExtension.builder().members(1).build();

    @TempDir
    static Path work;

    static final ObjectMapper JSON = new ObjectMapper();
    static DtableServerSimulator one;
    static DtableServerSimulator two;
    static FakeNodes nodes;
    static JettyProcess proxy;
    static Map<Integer, String> owners;

    @BeforeAll
    static void startCluster() throws Exception {
        one = DtableServerSimulator.start("dtable-server-01");
        two = DtableServerSimulator.start("dtable-server-02");
        Client client = ETCD.newClient();
        nodes = new FakeNodes(client);
        nodes.register("dtable-server-01", one.uri());
        nodes.register("dtable-server-02", two.uri());
        proxy = JettyProcess.prepare(work, "proxy", Clusters.proxyConfig(ETCD)).start();
        Poll.until(Duration.ofSeconds(30), () -> Clusters.owners(nodes).size() == 256, "all 256 buckets assigned");
        owners = nodes.owners();
    }

    @AfterAll
    static void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        one.close();
        two.close();
    }

    /** A base in a bucket that {@code node} owns. */
    static String baseOwnedBy(String node, int n) {
        int bucket = owners.entrySet().stream().filter(e -> e.getValue().equals(node)).findFirst().orElseThrow().getKey();
        return FakeNodes.baseIn(bucket, n);
    }

    @Test
    void doubledSlashesRouteAndForwardLikeSingleOnes() throws Exception {
        String base = baseOwnedBy("dtable-server-02", 1);
        RawHttp.Answer answer = RawHttp.get(proxy.proxyPort(), "//api/v1/dtables/" + base + "//rows-seen/?x=1");
        assertEquals(200, answer.status(), answer.body());
        assertEquals("dtable-server-02", answer.header(DtableServerSimulator.NODE_HEADER));
        assertEquals("/api/v1/dtables/" + base + "/rows-seen/", JSON.readTree(answer.body()).get("path").asText());
        // a first segment that is no authority: Jetty's startAsync would re-parse "//a;b" as one
        RawHttp.Answer odd = RawHttp.send(proxy.proxyPort(), "OPTIONS", "//dtables';x/", new String[0], null, 0, 0, false);
        assertEquals(200, odd.status(), odd.body());
        assertEquals("/dtables';x/", JSON.readTree(odd.body()).get("path").asText());
    }

    @Test
    void aDotDotSegmentNeverReachesTheFirstBasesOwner() throws Exception {
        String a = baseOwnedBy("dtable-server-01", 2);
        String b = baseOwnedBy("dtable-server-02", 2);
        RawHttp.Answer answer = RawHttp.get(proxy.proxyPort(), "/api/v1/dtables/" + a + "/../" + b + "/echo/");
        assertEquals(200, answer.status(), answer.body());
        assertEquals("dtable-server-02", answer.header(DtableServerSimulator.NODE_HEADER));
        assertEquals("/api/v1/dtables/" + b + "/echo/", JSON.readTree(answer.body()).get("path").asText());

        // Jetty refuses a ".." above the root before dtable-cluster sees it (dtable-cluster would: bad_path)
        assertError(RawHttp.get(proxy.proxyPort(), "/dtables/../../" + b), 400, "bad_request");
        // "//" counts as segments to Jetty, not to dtable-cluster: this ".." reaches us, with a body
        assertError(RawHttp.send(proxy.proxyPort(), "PUT", "////..", new String[0], new byte[1000], 0, 0, false),
                400, "bad_path");
    }

    @Test
    void encodedSeparatorsAndDotsGetAClearJsonAnswer() throws Exception {
        String a = baseOwnedBy("dtable-server-01", 3);
        String b = baseOwnedBy("dtable-server-02", 3);
        assertError(RawHttp.get(proxy.proxyPort(), "/api/v1/dtables/" + a + "%2f..%2f" + b + "/rows/"), 400, "ambiguous_uri");
        assertError(RawHttp.get(proxy.proxyPort(), "/api/v1/dtables/" + a + "/%2e%2e/" + b + "/rows/"), 400, "ambiguous_uri");
        assertError(RawHttp.get(proxy.proxyPort(), "/api/v1/dtables/" + a + "/..;/" + b + "/rows/"), 400, "ambiguous_uri");
    }

    @Test
    void jettysOwnAnswersAreJson() throws Exception {
        assertError(RawHttp.get(proxy.proxyPort(), "/ping/", "X-Big: " + "a".repeat(20_000)), 431, "headers_too_large");
        assertError(RawHttp.get(proxy.proxyPort(), "/" + "a".repeat(20_000)), 414, "uri_too_long");
        assertError(RawHttp.get(proxy.adminPort(), "/no-such-admin-path"), 404, "not_found");
    }

    @Test
    void aSlowUploadAnsweredEarlyIsReadByItsClient() throws Exception {
        byte[] body = new byte[400_000];
        RawHttp.Answer answer = RawHttp.send(proxy.proxyPort(), "POST", "/api/v1/dtables/not-a-base/rows/",
                new String[] {"Content-Type: application/octet-stream"}, body, 20_000, 50, false);
        assertNull(answer.writeError(), "the upload was cut off instead of drained");
        assertError(answer, 400, "bad_base_id");
    }

    @Test
    void aStalledUploadIsAnsweredOnceTheDrainGivesUp() throws Exception {
        RawHttp.Answer answer = RawHttp.send(proxy.proxyPort(), "POST", "/api/v1/dtables/not-a-base/rows/",
                new String[] {"Content-Length: 100000"}, null, 0, 0, false);
        assertError(answer, 400, "bad_base_id");
    }

    @Test
    void expectContinueReachesTheOwnerAndBringsTheBody() throws Exception {
        String base = baseOwnedBy("dtable-server-01", 4);
        byte[] body = new byte[300_000];
        Arrays.fill(body, (byte) 'r');
        RawHttp.Answer answer = RawHttp.send(proxy.proxyPort(), "POST", "/api/v1/dtables/" + base + "/import/",
                new String[] {"Content-Type: application/octet-stream"}, body, 0, 0, true);
        assertTrue(answer.sawContinue(), "no 100 Continue relayed");
        assertEquals(200, answer.status(), answer.body());
        assertEquals(body.length, JSON.readTree(answer.body()).get("size").asInt());
    }

    @Test
    void expectContinueMeetsTheAdminPortsLimitWithoutSendingTheBody() throws Exception {
        byte[] body = new byte[300_000];
        RawHttp.Answer answer = RawHttp.send(proxy.adminPort(), "POST", "/jolokia/",
                new String[] {"Content-Type: application/json"}, body, 0, 0, true);
        assertFalse(answer.sawContinue(), "100 Continue invites a body that will be refused");
        assertError(answer, 413, "too_large");
        RawHttp.Answer sent = RawHttp.send(proxy.adminPort(), "POST", "/jolokia/",
                new String[] {"Content-Type: application/json"}, body, 0, 0, false);
        assertNull(sent.writeError());
        assertError(sent, 413, "too_large");
    }

    @Test
    void theAdminPortAnswersOnlyHostsAnOperatorUses() throws Exception {
        assertError(RawHttp.get(proxy.adminPort(), "/status", "Host: rebind.attacker.example:" + proxy.adminPort()),
                403, "host_not_allowed");
        assertEquals(200, RawHttp.get(proxy.adminPort(), "/status").status());
        RawHttp.Answer rebalance = RawHttp.send(proxy.adminPort(), "POST", "/rebalance/",
                new String[] {"Host: proxy:" + proxy.adminPort()}, null, 0, 0, false);
        assertEquals(200, rebalance.status(), rebalance.body());
    }

    /** A bounded run of random requests: well-formed answers, never 500, JSON for our own. */
    @Test
    void randomRequestsGetWellFormedAnswers() throws Exception {
        long seed = Long.getLong("fuzz.seed", new Random().nextLong());
        Random random = new Random(seed);
        String[] pieces = {"/", "//", ".", "..", ";", "%", "%2e", "%2F", "%zz", "%00", "dtables", "api", "v1",
            "internal", "dtable-server", "socket.io", "?", "#", " ", "\\", "~", "é", "\t", "*", "'",
            baseOwnedBy("dtable-server-01", 5), baseOwnedBy("dtable-server-02", 5).replace("-", "")};
        String[] methods = {"GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "BREW"};
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        int sent = 0;
        for (; sent < 2000 && System.nanoTime() < deadline; sent++) {
            StringBuilder target = new StringBuilder("/");
            for (int i = random.nextInt(8); i > 0; i--) {
                target.append(pieces[random.nextInt(pieces.length)]);
                if (random.nextBoolean()) {
                    target.append('/');
                }
            }
            String path = target.toString().replace(" ", "%20").replace("\t", "%09").replace("é", "%C3%A9");
            String method = methods[random.nextInt(methods.length)];
            String auth = random.nextInt(4) == 0 ? "Authorization: Token a." + Long.toHexString(random.nextLong()) + ".b"
                    : "X-Nothing: 1";
            byte[] body = random.nextInt(5) == 0 ? new byte[random.nextInt(5000)] : null;
            String context = "seed " + seed + ", request " + sent + ": " + method + " " + path;
            RawHttp.Answer answer;
            try {
                answer = RawHttp.send(proxy.proxyPort(), method, path, new String[] {auth}, body, 0, 0, false);
            } catch (java.io.IOException e) {
                throw new AssertionError(context + ": no well-formed answer: " + e, e);
            }
            assertTrue(answer.status() >= 200 && answer.status() < 600 && answer.status() != 500, context + " -> "
                    + answer.status() + " " + answer.body());
            if (answer.header(DtableServerSimulator.NODE_HEADER) == null && !"HEAD".equals(method)) {
                assertTrue(String.valueOf(answer.header("Content-Type")).startsWith("application/json"),
                        context + " -> " + answer.headers());
                assertTrue(JSON.readTree(answer.body()).hasNonNull("error"), context + " -> " + answer.body());
            }
        }
        System.out.println("random requests: " + sent + " sent (seed " + seed + ", -Dfuzz.seed to repeat)");
        assertTrue(sent >= 1000, "only " + sent + " requests in 90 s");
    }

    @Test
    void noMalformedBaseIdReachesADtableServer() throws Exception {
        Random random = new Random(7);
        long before = one.requestCount() + two.requestCount();
        String chars = "0123456789abcdefABCDEF-xg_.~";
        for (int i = 0; i < 1000; i++) {
            StringBuilder id = new StringBuilder();
            for (int n = 1 + random.nextInt(40); n > 0; n--) {
                id.append(chars.charAt(random.nextInt(chars.length())));
            }
            String text = id.toString();
            if (text.equals(".") || text.equals("..") || text.matches("[0-9a-fA-F]{32}|[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")) {
                continue;
            }
            String prefix = List.of("/dtables/", "/api/v1/dtables/", "/dtable-server/api/v1/internal/dtables/").get(i % 3);
            RawHttp.Answer answer = RawHttp.get(proxy.proxyPort(), prefix + text + "/rows/?dtable_uuid="
                    + baseOwnedBy("dtable-server-01", 6));
            assertEquals(400, answer.status(), prefix + text + " -> " + answer.body());
        }
        assertEquals(before, one.requestCount() + two.requestCount(), "a malformed base id reached a dtable-server");
    }

    static void assertError(RawHttp.Answer answer, int status, String code) throws Exception {
        assertEquals(status, answer.status(), answer.body());
        assertTrue(String.valueOf(answer.header("Content-Type")).startsWith("application/json"), answer.headers().toString());
        JsonNode json = JSON.readTree(answer.body());
        assertEquals(code, json.path("error").asText(), answer.body());
        assertNotEquals("", json.path("message").asText(), answer.body());
    }
}
