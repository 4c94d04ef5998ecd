package org.dtablecluster.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etcd.jetcd.Client;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dtablecluster.simulator.DeterministicBytes;
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
 * The proxy as operators run it: the WAR on the real jetty-home, a real etcd, the monitor in the
 * same process assigning buckets, and two dtable-server simulators. Every answer is checked
 * against the owner etcd names, the way dtable-web would look it up.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProxyEndToEndTest {

    @RegisterExtension
    static final EtcdClusterExtension ETCD = EtcdClusterExtension.builder().members(1).build();

    @TempDir
    static Path work;

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static DtableServerSimulator one;
    static DtableServerSimulator two;
    static FakeNodes nodes;
    static JettyProcess proxy;

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
    void everyUrlFormReachesTheOwnerEtcdNames() throws Exception {
        Map<Integer, String> owners = nodes.owners();
        assertEquals(Map.of("dtable-server-01", 128, "dtable-server-02", 128), nodes.counts());
        for (int bucket : List.of(0x00, 0x0f, 0x7f, 0x80, 0x8b, 0xff)) {
            String uuid = FakeNodes.baseIn(bucket, 1);
            String hex = uuid.replace("-", "").toUpperCase();
            String owner = owners.get(bucket);
            for (String path : List.of(
                    "/dtables/" + uuid,
                    "/dtables/" + hex + "/",
                    "/api/v1/dtables/" + uuid + "/rows/?from=dtable_web",
                    "/api/v1/internal/dtables/" + hex + "/view-rows/",
                    "/api/v1/" + uuid + "/import-csv/",
                    "/dtable-server/api/v1/dtables/" + uuid + "/metadata/",
                    "/socket.io/?dtable_uuid=" + hex + "&EIO=4&transport=polling")) {
                assertEquals(owner, answeredBy(get(path, null)), path);
            }
            assertEquals(owner, answeredBy(get("/api/v1/notifications/", "Token " + jwtClaiming(uuid))), "JWT claim");
        }
    }

    @Test
    @Order(2)
    void requestsWithoutABaseReachLiveNodes() throws Exception {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> ping = get("/ping/", null);
            assertEquals(200, ping.statusCode());
            assertEquals("pong", ping.body().strip());
            seen.merge(answeredBy(ping), 1, Integer::sum);
        }
        assertEquals(Map.of("dtable-server-01", 5, "dtable-server-02", 5), seen);
        assertTrue(answeredBy(get("/api/v1/admin/sys-info/", null)).startsWith("dtable-server-0"));
    }

    @Test
    @Order(3)
    void malformedBaseIdsAndAdminPathsOnTheProxyPort() throws Exception {
        HttpResponse<String> bad = get("/api/v1/dtables/not-a-uuid/rows/", null);
        assertEquals(400, bad.statusCode());
        JsonNode error = JSON.readTree(bad.body());
        assertEquals("bad_base_id", error.get("error").asText());
        assertTrue(error.get("message").asText().contains("not-a-uuid"), bad.body());
        assertTrue(bad.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertTrue(!bad.body().contains("Exception") && !bad.body().contains("\tat "), bad.body());

        // POST /rebalance/ on 5550 is an ordinary request for a dtable-server, never the admin.
        HttpResponse<String> rebalance = HTTP.send(HttpRequest.newBuilder(URI.create(proxy.proxyUrl() + "/rebalance/"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(answeredBy(rebalance).startsWith("dtable-server-0"), rebalance.body());
        assertTrue(!rebalance.body().contains("\"moved\""), rebalance.body());
    }

    @Test
    @Order(4)
    void rowsAppendedThroughTheProxyAreAllThereOnExactlyOneNode() throws Exception {
        List<String> bases = List.of(FakeNodes.baseIn(0x01, 7), FakeNodes.baseIn(0x42, 7),
                FakeNodes.baseIn(0x90, 7), FakeNodes.baseIn(0xfe, 7));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> posts = new java.util.ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String uuid = bases.get(i % bases.size());
                String form = i % 2 == 0 ? uuid : uuid.replace("-", "").toUpperCase();
                int n = i;
                posts.add(pool.submit(() -> post("/api/v1/dtables/" + form + "/rows/",
                        "{\"row\":{\"n\":" + n + "}}").statusCode()));
            }
            for (Future<Integer> f : posts) {
                assertEquals(200, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        Map<Integer, String> owners = nodes.owners();
        for (String uuid : bases) {
            String owner = owners.get(Integer.parseInt(uuid.substring(0, 2), 16));
            DtableServerSimulator holder = owner.equals(one.nodeId()) ? one : two;
            DtableServerSimulator other = holder == one ? two : one;
            assertEquals(50, holder.rowCount(uuid), uuid + " on its owner " + owner);
            assertEquals(-1, other.rowCount(uuid), uuid + " must not be loaded on " + other.nodeId());
            JsonNode listed = JSON.readTree(get("/api/v1/dtables/" + uuid + "/rows/", null).body());
            assertEquals(50, listed.get("rows").size(), listed.toString());
        }
    }

    @Test
    @Order(5)
    void fiftyMegabytesUpAndDownPassIntact() throws Exception {
        long size = 50L * 1024 * 1024;
        String uuid = FakeNodes.baseIn(0x33, 1);
        HttpResponse<String> upload = HTTP.send(HttpRequest.newBuilder(
                        URI.create(proxy.proxyUrl() + "/api/v1/dtables/" + uuid + "/import/"))
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> DeterministicBytes.stream(size, 7)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, upload.statusCode(), upload.body());
        JsonNode digest = JSON.readTree(upload.body());
        assertEquals(size, digest.get("size").asLong());
        assertEquals(DeterministicBytes.sha256(size, 7), digest.get("sha256").asText());

        HttpResponse<InputStream> download = HTTP.send(HttpRequest.newBuilder(URI.create(proxy.proxyUrl()
                + "/api/v1/dtables/" + uuid + "/download/?size=" + size + "&seed=9")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, download.statusCode());
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long read = 0;
        try (InputStream in = download.body()) {
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) {
                sha.update(buf, 0, n);
                read += n;
            }
        }
        assertEquals(size, read);
        assertEquals(DeterministicBytes.sha256(size, 9), HexFormat.of().formatHex(sha.digest()));
    }

    @Test
    @Order(6)
    void aTimedOutOwnerIs504() throws Exception {
        String uuid = FakeNodes.baseIn(0x10, 1);
        DtableServerSimulator owner = nodes.owners().get(0x10).equals(one.nodeId()) ? one : two;
        owner.fault(org.dtablecluster.simulator.Fault.delay(6_000));
        try {
            HttpResponse<String> slow = get("/dtables/" + uuid, null);
            assertEquals(504, slow.statusCode(), slow.body());
            assertEquals("owner_timeout", JSON.readTree(slow.body()).get("error").asText());
        } finally {
            owner.fault(org.dtablecluster.simulator.Fault.NONE);
        }
    }

    @Test
    @Order(7)
    void afterARebalanceAndANodesLossRequestsFollowTheNewOwner() throws Exception {
        try (DtableServerSimulator three = DtableServerSimulator.start("dtable-server-03")) {
            nodes.register("dtable-server-03", three.uri());
            Poll.until(Duration.ofSeconds(10), () -> get("/ping/", null) != null, "proxy answers");
            HttpResponse<String> rebalance = HTTP.send(HttpRequest.newBuilder(URI.create(proxy.adminUrl() + "/rebalance/"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, rebalance.statusCode(), rebalance.body());
            assertEquals(85, JSON.readTree(rebalance.body()).get("moved").asInt(), rebalance.body());
            assertEquals(Map.of("dtable-server-01", 86, "dtable-server-02", 85, "dtable-server-03", 85),
                    nodes.counts());

            int moved = firstBucketOf("dtable-server-03");
            String uuid = FakeNodes.baseIn(moved, 2);
            Poll.until(Duration.ofSeconds(5), () -> "dtable-server-03".equals(answeredBy(get("/dtables/" + uuid, null))),
                    "bucket " + moved + " served by its new owner dtable-server-03");

            nodes.deregister("dtable-server-03");
            Poll.until(Duration.ofSeconds(5), () -> !Clusters.owners(nodes).containsValue("dtable-server-03"),
                    "dtable-server-03's buckets reassigned");
            String newOwner = nodes.owners().get(moved);
            assertTrue(newOwner.equals("dtable-server-01") || newOwner.equals("dtable-server-02"), newOwner);
            Poll.until(Duration.ofSeconds(5), () -> newOwner.equals(answeredBy(get("/dtables/" + uuid, null))),
                    "bucket " + moved + " follows its owner after dtable-server-03 left");
        }
    }

    @Test
    @Order(8)
    void noLiveOwnerIs503WithRetryAfterAndARefusingOwnerIs502() throws Exception {
        nodes.deregister("dtable-server-01");
        nodes.deregister("dtable-server-02");
        String uuid = FakeNodes.baseIn(0x20, 1);
        Poll.until(Duration.ofSeconds(5), () -> get("/dtables/" + uuid, null).statusCode() == 503,
                "503 once no node is live");
        HttpResponse<String> none = get("/dtables/" + uuid, null);
        assertTrue(none.headers().firstValue("Retry-After").isPresent(), none.headers().toString());
        assertTrue(JSON.readTree(none.body()).get("error").asText().startsWith("no_"), none.body());

        // The only node left points at a port nobody listens on.
        nodes.register("dtable-server-09", URI.create("http://127.0.0.1:" + JettyProcess.freePort() + "/"));
        Poll.until(Duration.ofSeconds(10), () -> get("/dtables/" + uuid, null).statusCode() == 502,
                "502 from an owner that refuses connections");
        assertEquals("owner_refused", JSON.readTree(get("/dtables/" + uuid, null).body()).get("error").asText());
    }

    private static int firstBucketOf(String nodeId) throws Exception {
        return nodes.owners().entrySet().stream().filter(e -> e.getValue().equals(nodeId))
                .mapToInt(Map.Entry::getKey).findFirst().orElseThrow();
    }

    static HttpResponse<String> get(String path, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(proxy.proxyUrl() + path)).timeout(Duration.ofSeconds(20));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(path, e);
        }
    }

    static HttpResponse<String> post(String path, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(proxy.proxyUrl() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String answeredBy(HttpResponse<?> response) {
        String node = response.headers().firstValue(DtableServerSimulator.NODE_HEADER).orElse(null);
        assertNotNull(node, () -> "no " + DtableServerSimulator.NODE_HEADER + " on " + response.statusCode()
                + " " + response.uri() + ": " + response.body());
        return node;
    }

    static String jwtClaiming(String uuid) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(("{\"exp\":1999999999,\"dtable_uuid\":\"" + uuid + "\"}").getBytes(StandardCharsets.UTF_8))
                + ".c2ln";
    }
}
