package org.dtablecluster.proxy;

import static org.dtablecluster.proxy.Http.get;
import static org.dtablecluster.proxy.Http.json;
import static org.dtablecluster.proxy.Http.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.dtablecluster.config.ProxySettings;
import org.dtablecluster.simulator.DtableServerSimulator;
import org.dtablecluster.simulator.Fault;
import org.dtablecluster.view.ClusterSnapshot;
import org.dtablecluster.view.InMemoryClusterView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each error the proxy answers itself: status, stable code, JSON body, counted. */
class BucketProxyServletErrorsTest {

    private static final String ON_SIM = "0a000000-1111-2222-3333-444444444444";    // even bucket: the simulator
    private static final String ON_DEAD = "8b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";   // odd bucket: a closed port
    private static final long TIMEOUT_MS = 600;

    private static DtableServerSimulator sim;
    private static URI deadUrl;
    private static InMemoryClusterView view;
    private static ProxyServer proxy;
    private static URI uri;

    @BeforeAll
    static void start() throws Exception {
        sim = DtableServerSimulator.start("dtable-server-01");
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadUrl = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/");
        }
        view = new InMemoryClusterView(simAndDeadNode());
        proxy = ProxyServer.start(view, new ProxySettings(Duration.ofMillis(TIMEOUT_MS), Duration.ofSeconds(7)));
        uri = proxy.proxyUri();
    }

    @AfterAll
    static void stop() throws Exception {
        proxy.close();
        sim.close();
    }

    @AfterEach
    void reset() {
        sim.fault(Fault.NONE);
        view.set(simAndDeadNode());
    }

    private static ClusterSnapshot simAndDeadNode() {
        Map<String, URI> nodes = new TreeMap<>(Map.of("dtable-server-01", sim.uri(), "dtable-server-02", deadUrl));
        return Snapshots.of(1, nodes, b -> b % 2 == 0 ? "dtable-server-01" : "dtable-server-02");
    }

    /** Asserts the shape every error shares and returns the body. */
    private static JsonNode assertError(int status, String code, HttpResponse<String> response) throws Exception {
        assertEquals(status, response.statusCode(), response::body);
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode body = json(response);
        assertEquals(code, body.get("error").asText());
        assertFalse(body.get("message").asText().isBlank());
        assertFalse(response.body().contains("\tat ") || response.body().contains("Exception"), response::body);
        assertNull(node(response), "the proxy answered itself; no dtable-server did");
        return body;
    }

    @Test
    void aDtablesSegmentThatIsNoBaseIdIs400() throws Exception {
        long before = proxy.metrics().errors(ProxyError.BAD_BASE_ID);
        JsonNode body = assertError(400, "bad_base_id", get(uri, "/api/v1/dtables/not-a-base/rows/"));
        assertTrue(body.get("message").asText().contains("not-a-base"));
        assertEquals(before + 1, proxy.metrics().errors(ProxyError.BAD_BASE_ID));
    }

    @Test
    void aBucketWithoutLiveOwnerIs503WithRetryAfter() throws Exception {
        view.set(Snapshots.of(2, Map.of("dtable-server-01", sim.uri()), b -> b == 0x0a ? null : "dtable-server-01"));
        HttpResponse<String> response = get(uri, "/dtables/" + ON_SIM);
        JsonNode body = assertError(503, "no_owner", response);
        assertEquals("0a", body.get("bucket").asText());
        assertEquals("7", response.headers().firstValue("Retry-After").orElse(null));
    }

    @Test
    void noLiveNodeAtAllIs503WithRetryAfter() throws Exception {
        view.set(ClusterSnapshot.empty());
        HttpResponse<String> response = get(uri, "/ping/");
        assertError(503, "no_live_node", response);
        assertEquals("7", response.headers().firstValue("Retry-After").orElse(null));
    }

    @Test
    void anOwnerThatRefusesConnectionsIs502() throws Exception {
        long before = proxy.metrics().errors(ProxyError.OWNER_REFUSED);
        JsonNode body = assertError(502, "owner_refused", get(uri, "/dtables/" + ON_DEAD));
        assertEquals("dtable-server-02", body.get("node").asText());
        assertEquals("8b", body.get("bucket").asText());
        assertEquals(before + 1, proxy.metrics().errors(ProxyError.OWNER_REFUSED));
    }

    @Test
    void anUploadToARefusingOwnerIs502BeforeItsBodyIsSent() throws Exception {
        // The proxy answers as soon as the owner refuses, while a 2 MiB upload is still on its way
        // (larger than proxy_retry_body_max_bytes, so it streams rather than being read first).
        // An HTTP client still writing can miss that early answer on the closing connection, so
        // this sends only the start of the body and then reads.
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            String head = "PUT /api/v1/dtables/" + ON_DEAD + "/import/ HTTP/1.1\r\nHost: " + uri.getAuthority()
                    + "\r\nContent-Type: application/octet-stream\r\nContent-Length: " + (2 << 20) + "\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(new byte[4096]);
            socket.getOutputStream().flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 502 "), answer);
            assertTrue(answer.contains("\"error\":\"owner_refused\""), answer);
        }
    }

    @Test
    void anOwnerThatDropsTheConnectionIs502() throws Exception {
        sim.fault(Fault.closeConnection());
        assertError(502, "owner_refused", get(uri, "/dtables/" + ON_SIM));
    }

    @Test
    void aSlowOwnerIs504AfterTheProxyTimeout() throws Exception {
        sim.fault(Fault.delay(5000));
        long start = System.nanoTime();
        HttpResponse<String> response = get(uri, "/dtables/" + ON_SIM);
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        JsonNode body = assertError(504, "owner_timeout", response);
        assertEquals("dtable-server-01", body.get("node").asText());
        assertTrue(elapsedMs >= TIMEOUT_MS - 50 && elapsedMs < 4000, "answered after " + elapsedMs + " ms");
    }

    @Test
    void anOwnersOwnErrorPassesThroughUnchanged() throws Exception {
        sim.fault(Fault.status(500));
        HttpResponse<String> response = get(uri, "/dtables/" + ON_SIM);
        assertEquals(500, response.statusCode());
        assertEquals("dtable-server-01", node(response));
        assertTrue(json(response).has("error_msg"), response::body);
    }

    @Test
    void afterAnErrorTheNextRequestIsServed() throws Exception {
        sim.fault(Fault.closeConnection());
        assertEquals(502, get(uri, "/dtables/" + ON_SIM).statusCode());
        sim.fault(Fault.NONE);
        assertEquals(200, get(uri, "/dtables/" + ON_SIM).statusCode());
    }
}
