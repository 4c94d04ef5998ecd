package org.dtablecluster.proxy;

import static org.dtablecluster.proxy.Http.get;
import static org.dtablecluster.proxy.Http.json;
import static org.dtablecluster.proxy.Http.node;
import static org.dtablecluster.proxy.Http.request;
import static org.dtablecluster.proxy.Http.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.dtablecluster.config.ProxySettings;
import org.dtablecluster.simulator.DtableServerSimulator;
import org.dtablecluster.view.ClusterSnapshot;
import org.dtablecluster.view.InMemoryClusterView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The proxy on a real Jetty in front of two simulated dtable-servers. */
class BucketProxyServletRoutingTest {

    private static final String ODD = "8b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";    // bucket 8b: node 02
    private static final String ODD_HEX = "8B1C2D3E4F5061728394A5B6C7D8E9F0";
    private static final String EVEN = "0a000000-1111-2222-3333-444444444444";   // bucket 0a: node 01
    private static final String EVEN_HEX = "0a000000111122223333444444444444";

    private static DtableServerSimulator one;
    private static DtableServerSimulator two;
    private static InMemoryClusterView view;
    private static ProxyServer proxy;
    private static URI uri;

    @BeforeAll
    static void start() throws Exception {
        one = DtableServerSimulator.start("dtable-server-01");
        two = DtableServerSimulator.start("dtable-server-02");
        view = new InMemoryClusterView(evenOdd());
        proxy = ProxyServer.start(view, new ProxySettings(Duration.ofSeconds(30), Duration.ofSeconds(5)));
        uri = proxy.proxyUri();
    }

    @AfterAll
    static void stop() throws Exception {
        proxy.close();
        one.close();
        two.close();
    }

    @AfterEach
    void restoreCluster() {
        view.set(evenOdd());
    }

    private static Map<String, URI> bothNodes() {
        return new TreeMap<>(Map.of("dtable-server-01", one.uri(), "dtable-server-02", two.uri()));
    }

    private static ClusterSnapshot evenOdd() {
        return Snapshots.of(1, bothNodes(), b -> b % 2 == 0 ? "dtable-server-01" : "dtable-server-02");
    }

    static Stream<Arguments> urlForms() {
        return Stream.of(
                Arguments.of("/dtables/" + ODD, null, "dtable-server-02"),
                Arguments.of("/dtables/" + ODD_HEX, null, "dtable-server-02"),
                Arguments.of("/dtables/" + EVEN_HEX.toUpperCase() + "/", null, "dtable-server-01"),
                Arguments.of("/api/v1/dtables/" + EVEN + "/rows/?from=dtable_web", null, "dtable-server-01"),
                Arguments.of("/api/v1/internal/dtables/" + ODD + "/view-rows/", null, "dtable-server-02"),
                Arguments.of("/api/v1/" + EVEN_HEX + "/import-csv/", null, "dtable-server-01"),
                Arguments.of("/dtable-server/dtables/" + ODD + "/", null, "dtable-server-02"),
                Arguments.of("/dtable-server/api/v1/dtables/" + EVEN + "/rows/", null, "dtable-server-01"),
                Arguments.of("/socket.io/?EIO=4&transport=polling&dtable_uuid=" + ODD, null, "dtable-server-02"),
                Arguments.of("/api/v1/rows/", "Token " + Jwts.claimingBase(EVEN), "dtable-server-01"),
                Arguments.of("/api/v1/rows/", "Token " + Jwts.claimingBase(ODD_HEX), "dtable-server-02"));
    }

    @ParameterizedTest
    @MethodSource("urlForms")
    void everyUrlFormReachesTheOwner(String pathAndQuery, String authorization, String owner) throws Exception {
        HttpRequest.Builder request = request(uri, pathAndQuery).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = send(request);
        assertEquals(200, response.statusCode(), response::body);
        assertEquals(owner, node(response));
    }

    @Test
    void methodPathQueryHeadersAndBodyArriveAsSent() throws Exception {
        String path = "/api/v1/dtables/" + ODD + "/some/thing%20x/";
        HttpResponse<String> response = send(request(uri, path + "?a=1&b=x%20y&from=dtable_events")
                .header("X-Custom", "kept")
                .header("Authorization", "Token abc")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("hello")));
        JsonNode echo = json(response);
        assertEquals("dtable-server-02", echo.get("node_id").asText());
        assertEquals("PATCH", echo.get("method").asText());
        assertEquals("/api/v1/dtables/" + ODD + "/some/thing%20x/", echo.get("path").asText());
        assertEquals("a=1&b=x%20y&from=dtable_events", echo.get("query").asText());
        assertEquals("kept", echo.get("headers").get("x-custom").get(0).asText());
        assertEquals("Token abc", echo.get("headers").get("authorization").get(0).asText());
        assertEquals(5, echo.get("size").asInt());
    }

    @Test
    void clientForwardingClaimsAreReplacedByWhatTheProxySaw() throws Exception {
        HttpResponse<String> response = send(request(uri, "/api/v1/dtables/" + ODD + "/echo/")
                .header("X-Forwarded-For", "6.6.6.6")
                .header("X-Forwarded-Host", "evil.example")
                .header("X-Forwarded-Proto", "https")
                .header("Forwarded", "for=6.6.6.6;proto=https")
                .header("X-Real-IP", "6.6.6.6")
                .header("x-forwarded-prefix", "/6.6.6.6")
                .GET());
        JsonNode headers = json(response).get("headers");
        String host = "127.0.0.1:" + uri.getPort();
        assertEquals("[\"127.0.0.1\"]", headers.get("x-forwarded-for").toString());
        assertEquals("[\"" + host + "\"]", headers.get("x-forwarded-host").toString());
        assertEquals("[\"http\"]", headers.get("x-forwarded-proto").toString());
        assertEquals(List.of("by=127.0.0.1;for=127.0.0.1;host=\"" + host + "\";proto=http"),
                Http.MAPPER.convertValue(headers.get("forwarded"), List.class));
        assertNull(headers.get("x-real-ip"));
        assertNull(headers.get("x-forwarded-prefix"));
        assertTrue(headers.get("via").get(0).asText().startsWith("1.1 "), headers::toString);
        assertFalse(headers.toString().contains("6.6.6.6"), headers::toString);
    }

    @Test
    void requestsNamingNoBaseAreSpreadOverTheLiveNodes() throws Exception {
        Map<String, Integer> hits = new TreeMap<>();
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> pong = get(uri, "/ping/");
            assertEquals("pong", pong.body());
            hits.merge(node(pong), 1, Integer::sum);
        }
        assertEquals(Map.of("dtable-server-01", 3, "dtable-server-02", 3), hits);
        JsonNode info = json(get(uri, "/api/v1/admin/sys-info/"));
        assertTrue(bothNodes().containsKey(info.get("node_id").asText()));
    }

    @Test
    void aNewSnapshotIsFollowedWithoutRestart() throws Exception {
        assertEquals("dtable-server-02", node(get(uri, "/dtables/" + ODD)));

        view.set(Snapshots.of(2, bothNodes(), b -> "dtable-server-01"));
        assertEquals("dtable-server-01", node(get(uri, "/dtables/" + ODD)));

        // node 02 is gone and its buckets are not reassigned yet
        view.set(Snapshots.of(3, Map.of("dtable-server-01", one.uri()),
                b -> b % 2 == 0 ? "dtable-server-01" : "dtable-server-02"));
        HttpResponse<String> orphan = get(uri, "/dtables/" + ODD);
        assertEquals(503, orphan.statusCode());
        assertEquals("no_owner", json(orphan).get("error").asText());
        assertEquals("dtable-server-01", node(get(uri, "/dtables/" + EVEN)));
        for (int i = 0; i < 3; i++) {
            assertEquals("dtable-server-01", node(get(uri, "/ping/")));
        }
    }

    @Test
    void aLocalNodeUrlWithAPathPrefixIsJoinedOnce() throws Exception {
        URI prefixed = URI.create(one.uri() + "dtable-server");   // no trailing slash on purpose
        view.set(Snapshots.of(4, Map.of("dtable-server-01", prefixed), b -> "dtable-server-01"));
        JsonNode echo = json(get(uri, "/api/v1/dtables/" + ODD + "/thing/?x=1"));
        assertEquals("/dtable-server/api/v1/dtables/" + ODD + "/thing/", echo.get("path").asText());
        assertEquals("x=1", echo.get("query").asText());
        assertEquals("pong", get(uri, "/ping/").body());
    }

    @Test
    void rowsAppendedThroughTheProxyAreAllThereOnExactlyOneNode() throws Exception {
        String base = "c3d4e5f6-0000-4000-8000-000000000042";   // bucket c3: node 02
        String[] forms = {base, base.replace("-", ""), base.toUpperCase(), base.replace("-", "").toUpperCase()};
        List<CompletableFuture<HttpResponse<String>>> posts = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            HttpRequest post = request(uri, "/api/v1/dtables/" + forms[i % forms.length] + "/rows/")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"table_name\":\"Table1\",\"row\":{\"n\":" + i + "}}"))
                    .build();
            posts.add(Http.CLIENT.sendAsync(post, HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> post : posts) {
            assertEquals(200, post.get().statusCode(), () -> post.join().body());
        }
        JsonNode rows = json(get(uri, "/api/v1/dtables/" + base + "/rows/")).get("rows");
        assertEquals(40, rows.size());
        List<Integer> numbers = new ArrayList<>();
        rows.forEach(r -> numbers.add(r.get("n").asInt()));
        assertEquals(40, numbers.stream().distinct().count());
        assertEquals(40, two.rowCount(base));
        assertEquals(-1, one.rowCount(base), "the base must never be loaded on the other node");
        assertTrue(proxy.metrics().forwardedTo("dtable-server-02") >= 41);
    }
}
