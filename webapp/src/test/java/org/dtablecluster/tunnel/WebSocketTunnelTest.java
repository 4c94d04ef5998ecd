package org.dtablecluster.tunnel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.dtablecluster.config.ProxySettings;
import org.dtablecluster.config.TunnelSettings;
import org.dtablecluster.proxy.TunnelClosure;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.testing.Poll;
import org.dtablecluster.view.ClusterSnapshot;
import org.dtablecluster.view.InMemoryClusterView;
import org.dtablecluster.view.NodeEntry;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tunnels through a real Jetty proxy to real WebSocket owners, with the view set by hand. */
class WebSocketTunnelTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String BASE_A = "0a000001-1111-4222-8333-000000000001"; // bucket 0a
    static final String BASE_B = "b7000001-1111-4222-8333-000000000002"; // bucket b7

    EchoOwner one;
    EchoOwner two;
    InMemoryClusterView view;
    TunnelProxy proxy;
    WebSocketClient client;

    @BeforeEach
    void start() throws Exception {
        one = EchoOwner.start("dtable-server-01");
        two = EchoOwner.start("dtable-server-02");
        view = new InMemoryClusterView(snapshot(1, Map.of(one.nodeId(), one.uri(), two.nodeId(), two.uri()),
                b -> b < 128 ? one.nodeId() : two.nodeId()));
        proxy = startProxy(new TunnelSettings(Duration.ofSeconds(30), 2 << 20, 50, Duration.ofSeconds(2)));
        client = TestSocket.newClient();
    }

    TunnelProxy startProxy(TunnelSettings settings) throws Exception {
        return new TunnelProxy(view, new ProxySettings(Duration.ofSeconds(5), Duration.ofSeconds(7)), settings);
    }

    @AfterEach
    void stop() throws Exception {
        client.stop();
        proxy.close();
        one.close();
        two.close();
    }

    static ClusterSnapshot snapshot(long revision, Map<String, URI> nodes, java.util.function.IntFunction<String> owner) {
        Map<String, NodeEntry> live = new LinkedHashMap<>();
        nodes.forEach((id, url) -> live.put(id, new NodeEntry(id, url, url, Map.of("node_id", id), revision)));
        Assignment.Builder assignment = Assignment.builder(Assignment.BUCKETS);
        for (int b = 0; b < Assignment.BUCKETS; b++) {
            assignment.set(b, owner.apply(b));
        }
        return new ClusterSnapshot(revision, live, assignment.build());
    }

    @Test
    void theFirstMessageComesFromTheOwnerOfTheBaseForEveryWayOfNamingIt() throws Exception {
        String hexB = BASE_B.replace("-", "").toUpperCase();
        Map<String, String> expected = Map.of(
                "/socket.io/?dtable_uuid=" + BASE_A + "&EIO=4&transport=websocket", one.nodeId(),
                "/socket.io/?EIO=4&transport=websocket&dtable_uuid=" + hexB, two.nodeId(),
                "/api/v1/dtables/" + BASE_A + "/ws", one.nodeId(),
                "/dtable-server/dtables/" + hexB, two.nodeId());
        for (Map.Entry<String, String> e : expected.entrySet()) {
            TestSocket socket = TestSocket.open(client, proxy.ws(e.getKey()));
            JsonNode hello = JSON.readTree(socket.nextText());
            assertEquals(e.getValue(), hello.get("node_id").asText(), e.getKey());
            socket.send("hello " + e.getKey());
            assertEquals("hello " + e.getKey(), socket.nextText());
            socket.close(1000, "done");
            assertEquals(1000, socket.awaitClose(Duration.ofSeconds(5)).code());
        }
        Poll.until(Duration.ofSeconds(5), () -> proxy.metrics().tunnels().openTotal() == 0, "tunnels counted closed");
        assertEquals(4, proxy.metrics().tunnels().closed(TunnelClosure.CLIENT_CLOSED));
    }

    @Test
    void headersSubprotocolAndNoCompression() throws Exception {
        TestSocket socket = TestSocket.open(client, proxy.ws("/socket.io/?dtable_uuid=" + BASE_A), "chat.v2", "chat.v1");
        socket.nextText();
        assertEquals("chat.v2", socket.session().getUpgradeResponse().getAcceptedSubProtocol());
        assertTrue(socket.session().getUpgradeResponse().getExtensions().isEmpty(),
                socket.session().getUpgradeResponse().getExtensions().toString());
        Map<String, List<String>> seen = lowerCase(one.handshakes().get(0));
        assertEquals(List.of("127.0.0.1"), seen.get("x-forwarded-for"));
        assertTrue(seen.get("forwarded").get(0).contains("for=127.0.0.1"), seen.toString());
        assertTrue(seen.get("x-forwarded-host").get(0).startsWith("127.0.0.1:" + proxy.port()), seen.toString());
        assertNull(seen.get("sec-websocket-extensions"), "no extension offered to the owner");
        socket.close(1000, null);
    }

    @Test
    void largeMessagesManySmallOnesFragmentsAndPingsPassIntact() throws Exception {
        TestSocket socket = TestSocket.open(client, proxy.ws("/api/v1/dtables/" + BASE_B + "/"));
        socket.nextText();
        Random random = new Random(42);
        byte[] megabyte = new byte[1 << 20];
        random.nextBytes(megabyte);
        socket.send(megabyte);
        assertArrayEquals(megabyte, socket.nextBinary());
        StringBuilder text = new StringBuilder();
        while (text.length() < (1 << 20)) {
            text.append("zeile ").append(text.length()).append(" ü€😀\n");
        }
        socket.send(text.toString());
        assertEquals(text.toString(), socket.nextText());
        for (int i = 0; i < 10_000; i++) {
            socket.send("m" + i);
        }
        for (int i = 0; i < 10_000; i++) {
            assertEquals("m" + i, socket.nextText());
        }
        socket.sendFragments(List.of("frag-", "men-", "ted"));
        assertEquals("frag-men-ted", socket.nextText());
        socket.ping(new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, ((TestSocket.Pong) socket.next()).payload());
        socket.close(1000, null);
    }

    @Test
    void anOwnerThatStopsReadingHoldsBackTheClientInsteadOfFillingTheProxy() throws Exception {
        TestSocket socket = TestSocket.open(client, proxy.ws("/dtables/" + BASE_A));
        socket.nextText();
        one.pause();
        int messages = 200;
        byte[] megabyte = new byte[1 << 20];
        List<java.util.concurrent.CompletableFuture<Void>> written = new java.util.ArrayList<>();
        for (int i = 0; i < messages; i++) {
            java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
            written.add(done);
            socket.sendAsync(megabyte, done);
        }
        // Given time to take it all, the proxy takes only what the sockets' buffers hold plus one
        // frame per direction: the rest waits in the client.
        Thread.sleep(3000);
        long taken = written.stream().filter(java.util.concurrent.CompletableFuture::isDone).count();
        assertTrue(taken < messages / 2, taken + " of " + messages + " MB left the client while the owner read nothing");
        one.resume();
        java.util.concurrent.CompletableFuture.allOf(written.toArray(new java.util.concurrent.CompletableFuture[0]))
                .get(60, java.util.concurrent.TimeUnit.SECONDS);
        for (int i = 0; i < messages; i++) {
            assertEquals(1 << 20, socket.nextBinary().length);
        }
        socket.close(1000, null);
    }

    @Test
    void aMessageOverTheLimitClosesWith1009() throws Exception {
        TestSocket socket = TestSocket.open(client, proxy.ws("/dtables/" + BASE_A));
        socket.nextText();
        try {
            socket.send(new byte[(2 << 20) + 1]);
        } catch (Exception e) {
            // the proxy may close before the whole message is written
        }
        assertEquals(1009, socket.awaitClose(Duration.ofSeconds(10)).code());
    }

    @Test
    void closeCodesPassBothWays() throws Exception {
        TestSocket socket = TestSocket.open(client, proxy.ws("/dtables/" + BASE_A));
        socket.nextText();
        one.closeAll(4001, "owner says bye");
        TestSocket.Close close = socket.awaitClose(Duration.ofSeconds(5));
        assertEquals(new TestSocket.Close(4001, "owner says bye"), close);
        Poll.until(Duration.ofSeconds(5), () -> proxy.metrics().tunnels().closed(TunnelClosure.OWNER_CLOSED) == 1,
                "owner close counted");
    }

    @Test
    void aMovedBucketClosesWith1012AndTheReconnectReachesTheNewOwner() throws Exception {
        TestSocket a = TestSocket.open(client, proxy.ws("/socket.io/?dtable_uuid=" + BASE_A));
        TestSocket b = TestSocket.open(client, proxy.ws("/socket.io/?dtable_uuid=" + BASE_B));
        assertEquals(one.nodeId(), JSON.readTree(a.nextText()).get("node_id").asText());
        b.nextText();
        assertEquals(Map.of(one.nodeId(), 1, two.nodeId(), 1), proxy.metrics().tunnels().openByNode());

        view.set(snapshot(2, Map.of(one.nodeId(), one.uri(), two.nodeId(), two.uri()),
                bucket -> bucket == 0x0a || bucket >= 128 ? two.nodeId() : one.nodeId()));
        assertEquals(1012, a.awaitClose(Duration.ofSeconds(5)).code());
        assertTrue(b.isOpen(), "a tunnel of another bucket stays open");
        TestSocket again = TestSocket.open(client, proxy.ws("/socket.io/?dtable_uuid=" + BASE_A));
        assertEquals(two.nodeId(), JSON.readTree(again.nextText()).get("node_id").asText());
        assertEquals(1, proxy.metrics().tunnels().closed(TunnelClosure.BUCKET_MOVED));

        view.set(snapshot(3, Map.of(one.nodeId(), one.uri()), bucket -> one.nodeId()));
        assertEquals(1001, b.awaitClose(Duration.ofSeconds(5)).code());
        assertEquals(1001, again.awaitClose(Duration.ofSeconds(5)).code());
        assertEquals(2, proxy.metrics().tunnels().closed(TunnelClosure.OWNER_LOST));
    }

    @Test
    void closeBucketIsTheHandoffsWayToEndABucketsTunnels() throws Exception {
        TestSocket a = TestSocket.open(client, proxy.ws("/dtables/" + BASE_A));
        TestSocket b = TestSocket.open(client, proxy.ws("/dtables/" + BASE_B));
        a.nextText();
        b.nextText();
        assertEquals(1, proxy.tunnels().closeBucket(0x0a, TunnelClosure.BUCKET_MOVED));
        assertEquals(1012, a.awaitClose(Duration.ofSeconds(5)).code());
        assertTrue(b.isOpen());
    }

    @Test
    void anOwnerThatDiesClosesTheTunnelWith1011() throws Exception {
        TestSocket socket = TestSocket.open(client, proxy.ws("/dtables/" + BASE_B));
        socket.nextText();
        two.close();
        int code = socket.awaitClose(Duration.ofSeconds(10)).code();
        assertTrue(code == 1011 || code == 1001, "close code " + code);
    }

    @Test
    void errorsBeforeTheUpgradeAreJson() throws Exception {
        assertError(RawHttp.exchange(proxy.port(), RawHttp.upgrade("/api/v1/dtables/not-a-uuid/ws", "")), 400, "bad_base_id");
        assertError(RawHttp.exchange(proxy.port(), "GET /dtables/" + BASE_A + " HTTP/1.1\nHost: x\nUpgrade: websocket\n"
                + "Connection: Upgrade\nSec-WebSocket-Version: 13\n"), 400, "bad_upgrade");

        view.set(snapshot(2, Map.of(one.nodeId(), one.uri()), bucket -> bucket < 128 ? one.nodeId() : null));
        RawHttp.Answer noOwner = RawHttp.exchange(proxy.port(), RawHttp.upgrade("/dtables/" + BASE_B, ""));
        assertError(noOwner, 503, "no_owner");
        assertEquals("7", noOwner.headers().get("retry-after"));

        one.release(0x0a);
        assertError(RawHttp.exchange(proxy.port(), RawHttp.upgrade("/dtables/" + BASE_A, "")), 503, "no_owner");

        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            URI silentUri = URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/");
            view.set(snapshot(3, Map.of(one.nodeId(), one.uri(), "dtable-server-09", silentUri),
                    bucket -> bucket < 128 ? one.nodeId() : "dtable-server-09"));
            assertError(RawHttp.exchange(proxy.port(), RawHttp.upgrade("/dtables/" + BASE_B, "")), 504, "owner_timeout");
        }
        URI closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = URI.create("http://127.0.0.1:" + s.getLocalPort() + "/");
        }
        view.set(snapshot(4, Map.of(one.nodeId(), one.uri(), "dtable-server-09", closedPort),
                bucket -> bucket < 128 ? one.nodeId() : "dtable-server-09"));
        assertError(RawHttp.exchange(proxy.port(), RawHttp.upgrade("/dtables/" + BASE_B, "")), 502, "owner_refused");
        assertEquals(0, proxy.metrics().tunnels().openTotal());
    }

    @Test
    void anOwnerThatAnswersWithoutUpgradingIs502() throws Exception {
        // A plain HTTP server that answers every request, upgrade or not, with 200.
        com.sun.net.httpserver.HttpServer plain = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        plain.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        plain.start();
        try {
            URI uri = URI.create("http://127.0.0.1:" + plain.getAddress().getPort() + "/");
            view.set(snapshot(2, Map.of("dtable-server-05", uri), bucket -> "dtable-server-05"));
            RawHttp.Answer answer = RawHttp.exchange(proxy.port(), RawHttp.upgrade("/dtables/" + BASE_A, ""));
            assertError(answer, 502, "owner_refused");
            assertTrue(answer.body().contains("owner_status"), answer.body());
        } finally {
            plain.stop(0);
        }
    }

    @Test
    void tunnelsBeyondTheLimitGet503() throws Exception {
        proxy.close();
        proxy = startProxy(new TunnelSettings(Duration.ofSeconds(30), 1 << 20, 2, Duration.ofSeconds(2)));
        TestSocket first = TestSocket.open(client, proxy.ws("/dtables/" + BASE_A));
        TestSocket second = TestSocket.open(client, proxy.ws("/dtables/" + BASE_B));
        first.nextText();
        second.nextText();
        RawHttp.Answer third = RawHttp.exchange(proxy.port(), RawHttp.upgrade("/dtables/" + BASE_A, ""));
        assertError(third, 503, "too_many_tunnels");
        first.close(1000, null);
        first.awaitClose(Duration.ofSeconds(5));
        Poll.until(Duration.ofSeconds(5), () -> proxy.metrics().tunnels().openTotal() == 1, "one tunnel left");
        TestSocket again = TestSocket.open(client, proxy.ws("/dtables/" + BASE_A));
        assertEquals(one.nodeId(), JSON.readTree(again.nextText()).get("node_id").asText());
    }

    @Test
    void plainHttpStillGoesThroughTheHttpProxy() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        var answer = http.send(java.net.http.HttpRequest.newBuilder(proxy.http("/socket.io/?dtable_uuid=" + BASE_B
                + "&EIO=4&transport=polling")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode());
        assertEquals(two.nodeId(), JSON.readTree(answer.body()).get("node_id").asText());
    }

    private static void assertError(RawHttp.Answer answer, int status, String code) throws Exception {
        assertEquals(status, answer.status(), answer.toString());
        assertTrue(answer.headers().getOrDefault("content-type", "").startsWith("application/json"), answer.toString());
        assertEquals(code, JSON.readTree(answer.body()).get("error").asText(), answer.body());
    }

    private static Map<String, List<String>> lowerCase(Map<String, List<String>> headers) {
        Map<String, List<String>> lower = new LinkedHashMap<>();
        headers.forEach((k, v) -> lower.put(k.toLowerCase(java.util.Locale.ROOT), v));
        return lower;
    }
}
