package org.dtablecluster.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.dtablecluster.view.InMemoryClusterView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No admin password configured (the realm file has no user, as shipped): the seed's
 * {@code curl -X POST .../rebalance/} and Jolokia reads work without credentials; Jolokia exec is
 * refused, since it always needs an admin. Only on the admin port.
 */
class AdminOpenModeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static AdminServer server;
    static TestCounter counter;

    @BeforeAll
    static void start() throws Exception {
        counter = TestCounter.register();
        Path realm = Files.writeString(dir.resolve("realm.properties"), "# admin: secret, dtable-cluster-admin\n");
        server = AdminServer.start(realm,
                Reports.proxyProcess(new InMemoryClusterView(Reports.snapshot()), Optional.empty()));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        TestCounter.unregister();
    }

    @Test
    void rebalanceNeedsNoPassword() throws Exception {
        int before = server.rebalances.get();
        HttpResponse<String> r = server.post("/rebalance/", "");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(before + 1, server.rebalances.get());
    }

    @Test
    void jolokiaReadsNeedNoPassword() throws Exception {
        HttpResponse<String> r = server.get("/jolokia/read/" + TestCounter.NAME + "/Count");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(200, JSON.readTree(r.body()).get("status").asInt(), r.body());

        HttpResponse<String> bulk = server.post("/jolokia/", "[{\"type\":\"version\"},"
                + "{\"type\":\"read\",\"mbean\":\"java.lang:type=Memory\",\"attribute\":\"HeapMemoryUsage\"}]");
        assertEquals(200, bulk.statusCode(), bulk.body());
        JsonNode answers = JSON.readTree(bulk.body());
        assertEquals(200, answers.get(0).get("status").asInt(), bulk.body());
        assertTrue(answers.get(1).get("value").get("used").asLong() > 0, bulk.body());
    }

    @Test
    void jolokiaExecIsRefusedWithoutAnAdminEvenWithCredentials() throws Exception {
        int before = counter.getCount();
        for (HttpResponse<String> r : java.util.List.of(
                server.get("/jolokia/exec/" + TestCounter.NAME + "/increment"),
                server.send(HttpRequest.newBuilder(server.admin("/jolokia/exec/" + TestCounter.NAME + "/increment"))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody())),
                server.get("/jolokia/?p=/exec/" + TestCounter.NAME + "/increment"),
                server.post("/jolokia/", "{\"type\":\"exec\",\"mbean\":\"" + TestCounter.NAME
                        + "\",\"operation\":\"increment\"}"),
                server.get("/jolokia/exec/" + TestCounter.NAME + "/increment", "admin", "secret"))) {
            assertEquals(401, r.statusCode(), r.body());
            assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic realm=\"dtable-cluster\""));
        }
        assertEquals(before, counter.getCount(), "nothing ran");
        JsonNode body = JSON.readTree(server.get("/jolokia/exec/" + TestCounter.NAME + "/increment").body());
        assertEquals("unauthorized", body.get("error").asText());
        assertTrue(body.get("message").asText().contains("none is configured"), body.toString());
    }

    @Test
    void crossSiteWritesAreRefused() throws Exception {
        int before = server.rebalances.get();
        HttpResponse<String> r = server.post("/rebalance/", "", "Origin", "http://evil.example");
        assertEquals(403, r.statusCode(), r.body());
        assertEquals("cross_site", JSON.readTree(r.body()).get("error").asText());
        HttpResponse<String> img = server.send(HttpRequest.newBuilder(
                server.admin("/jolokia/read/" + TestCounter.NAME + "/Count")).header("Sec-Fetch-Site", "cross-site"));
        assertEquals(403, img.statusCode(), img.body());
        assertEquals(before, server.rebalances.get());

        String self = server.admin("").toString();
        assertEquals(200, server.post("/rebalance/", "", "Origin", self).statusCode(), "the admin page's own origin");
    }

    @Test
    void oversizedJolokiaRequestsAreRefused() throws Exception {
        // Only the headers go out: an HTTP client still writing a large body races the server's
        // early answer and the connection it closes.
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.admin("/").getPort())) {
            socket.setSoTimeout(10_000);
            String head = "POST /jolokia/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + (BufferedBodyRequest.MAX_BODY_BYTES + 1) + "\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String answer = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.1 413", answer);
        }
    }

    @Test
    void adminEndpointsAnswerOnTheAdminPortOnly() throws Exception {
        for (String path : new String[] {"/", "/status", "/bases/8b2d0c4e-1111-4222-8333-444455556666",
                "/jolokia/version"}) {
            assertEquals(200, server.get(path).statusCode(), path);
            HttpResponse<String> elsewhere = server.send(HttpRequest.newBuilder(server.other(path)).GET());
            assertEquals(404, elsewhere.statusCode(), path);
        }
        int before = server.rebalances.get();
        HttpResponse<String> r = server.send(HttpRequest.newBuilder(server.other("/rebalance/"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(404, r.statusCode());
        assertEquals(before, server.rebalances.get());
    }
}
