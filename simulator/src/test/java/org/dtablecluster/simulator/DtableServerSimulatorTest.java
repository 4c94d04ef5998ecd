package org.dtablecluster.simulator;

import static org.dtablecluster.simulator.SimulatorHttp.get;
import static org.dtablecluster.simulator.SimulatorHttp.json;
import static org.dtablecluster.simulator.SimulatorHttp.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DtableServerSimulatorTest {

    private static final String BASE = "8b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";
    private static final String BASE_HEX_UPPER = "8B1C2D3E4F5061728394A5B6C7D8E9F0";

    private static DtableServerSimulator sim;
    private static URI uri;

    @BeforeAll
    static void start() throws Exception {
        sim = DtableServerSimulator.start("dtable-server-01");
        uri = sim.uri();
    }

    @AfterAll
    static void stop() throws Exception {
        sim.close();
    }

    @AfterEach
    void clearFault() {
        sim.fault(Fault.NONE);
    }

    @Test
    void pingAnswersPongAndNamesTheNode() throws Exception {
        HttpResponse<String> r = get(uri, "/ping/");
        assertEquals(200, r.statusCode());
        assertEquals("pong", r.body());
        assertEquals("dtable-server-01", r.headers().firstValue(DtableServerSimulator.NODE_HEADER).orElse(null));
    }

    @Test
    void everyResponseNamesTheNodeEvenErrors() throws Exception {
        HttpResponse<String> r = get(uri, "/_sim/nothing-here");
        assertEquals(404, r.statusCode());
        assertEquals("dtable-server-01", r.headers().firstValue(DtableServerSimulator.NODE_HEADER).orElse(null));
    }

    @Test
    void sysInfoCountsLoadedBases() throws Exception {
        String uuid = "01000000-0000-0000-0000-000000000001";
        get(uri, "/dtables/" + uuid);
        JsonNode info = json(get(uri, "/api/v1/admin/sys-info/"));
        assertEquals("dtable-server-01", info.get("node_id").asText());
        assertTrue(info.get("enable_cluster").asBoolean());
        assertEquals(sim.loadedBases().size(), info.get("loaded_dtables_count").asInt());
        assertTrue(info.get("loaded_dtables_count").asInt() >= 1);
    }

    @Test
    void bothUuidFormsAndThePrefixNameOneBase() throws Exception {
        JsonNode first = json(get(uri, "/dtables/" + BASE));
        JsonNode second = json(get(uri, "/dtable-server/dtables/" + BASE_HEX_UPPER + "/"));
        assertEquals(BASE, first.get("dtable_uuid").asText());
        assertEquals(BASE, second.get("dtable_uuid").asText());
        assertTrue(sim.loadedBases().contains(BASE));
        assertFalse(sim.loadedBases().contains(BASE_HEX_UPPER));
    }

    @Test
    void rowsAreAppendedAndListed() throws Exception {
        String uuid = "02000000-0000-0000-0000-000000000002";
        String rows = "/api/v1/dtables/" + uuid + "/rows/";
        JsonNode row = json(post(uri, rows, "{\"table_name\":\"Table1\",\"row\":{\"Name\":\"a\"}}"));
        post(uri, rows, "{\"row\":{\"Name\":\"b\"}}");
        assertEquals("a", row.get("Name").asText());
        JsonNode listed = json(get(uri, rows));
        assertEquals(2, listed.get("rows").size());
        assertEquals(row.get("_id").asText(), listed.get("rows").get(0).get("_id").asText());
        assertNotEquals(row.get("_id").asText(), listed.get("rows").get(1).get("_id").asText(), "every row has its own _id");
        assertEquals("b", listed.get("rows").get(1).get("Name").asText());
        assertEquals(2, sim.rowCount(uuid.replace("-", "")));
        assertEquals(400, post(uri, rows, "{\"nope\":1}").statusCode());
        assertEquals(400, post(uri, rows, "not json").statusCode());
    }

    @Test
    void importDigestsTheBody() throws Exception {
        long size = 3 * 1024 * 1024 + 7;
        HttpResponse<String> r = SimulatorHttp.send(HttpRequest.newBuilder(uri.resolve("/api/v1/dtables/" + BASE + "/import/"))
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> DeterministicBytes.stream(size, 42))));
        JsonNode body = json(r);
        assertEquals(size, body.get("size").asLong());
        assertEquals(DeterministicBytes.sha256(size, 42), body.get("sha256").asText());
    }

    @Test
    void downloadStreamsTheDeterministicBytes() throws Exception {
        long size = 1_000_003;
        HttpResponse<InputStream> r = SimulatorHttp.CLIENT.send(
                HttpRequest.newBuilder(uri.resolve("/api/v1/dtables/" + BASE + "/download/?size=" + size + "&seed=7")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(String.valueOf(size), r.headers().firstValue("content-length").orElse(null));
        assertEquals(DeterministicBytes.sha256(size, 7), sha256(r.body()));
        JsonNode advertised = json(get(uri, "/_sim/sha256?size=" + size + "&seed=7"));
        assertEquals(DeterministicBytes.sha256(size, 7), advertised.get("sha256").asText());
        assertEquals(400, get(uri, "/api/v1/dtables/" + BASE + "/download/?size=-5").statusCode());
    }

    @Test
    void heldDownloadSendsItsBeginningAndWaitsForRelease() throws Exception {
        HttpResponse<InputStream> r = SimulatorHttp.CLIENT.send(
                HttpRequest.newBuilder(uri.resolve("/api/v1/dtables/" + BASE + "/download/?size=200000&hold_after=1000")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body()) {
            byte[] first = in.readNBytes(1000);
            assertEquals(1000, first.length);
            post(uri, "/_sim/release", "");
            assertEquals(199_000, in.readAllBytes().length);
        }
    }

    @Test
    void aReleaseThatComesBeforeTheDownloadReachesItsHoldStillLetsItFinish() throws Exception {
        long size = 32L << 20;
        long holdAfter = 16L << 20;
        HttpResponse<InputStream> r = SimulatorHttp.CLIENT.send(
                HttpRequest.newBuilder(uri.resolve("/api/v1/dtables/" + BASE + "/download/?size=" + size
                        + "&hold_after=" + holdAfter)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        // Nothing read yet, so the socket's buffers stop the server long before its hold point.
        post(uri, "/_sim/release", "");
        try (InputStream in = r.body()) {
            long read = CompletableFuture.supplyAsync(() -> {
                try {
                    return in.transferTo(OutputStream.nullOutputStream());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).get(30, TimeUnit.SECONDS);
            assertEquals(size, read);
        }
    }

    @Test
    void assignmentHookUnloadsTheBasesOfLostBuckets() throws Exception {
        String lostBase = "fe000000-0000-0000-0000-000000000001";
        String keptBase = "fd000000-0000-0000-0000-000000000001";
        get(uri, "/dtables/" + lostBase);
        get(uri, "/dtables/" + keptBase);
        JsonNode answer = json(post(uri, "/_sim/assignment",
                "{\"node_id\":\"dtable-server-01\",\"revision\":10,\"gained\":[1],\"lost\":[\"fe\"],\"owned\":[1,253]}"));
        assertTrue(answer.get("applied").asBoolean());
        assertEquals(lostBase, answer.get("unloaded").get(0).asText());
        assertEquals(Set.of(keptBase), Set.copyOf(sim.loadedBases().stream().filter(u -> u.startsWith("f")).toList()));
        assertEquals("[1,253]", json(get(uri, "/_sim/assignment")).get("owned").toString());

        JsonNode stale = json(post(uri, "/_sim/assignment", "{\"revision\":9,\"lost\":[253]}"));
        assertFalse(stale.get("applied").asBoolean());
        assertTrue(sim.loadedBases().contains(keptBase));

        assertEquals(409, post(uri, "/_sim/assignment", "{\"node_id\":\"dtable-server-02\",\"lost\":[1]}").statusCode());
        assertEquals(400, post(uri, "/_sim/assignment", "{\"lost\":[256]}").statusCode());
        assertEquals(400, post(uri, "/_sim/assignment", "{\"lost\":\"fe\"}").statusCode());
    }

    @Test
    void statusFaultAnswersTheStatusUntilCleared() throws Exception {
        post(uri, "/_sim/fault", "{\"status\":503}");
        HttpResponse<String> faulted = get(uri, "/ping/");
        assertEquals(503, faulted.statusCode());
        assertEquals("dtable-server-01", faulted.headers().firstValue(DtableServerSimulator.NODE_HEADER).orElse(null));
        assertEquals(200, get(uri, "/_sim/bases").statusCode(), "control endpoints are never faulted");
        SimulatorHttp.send(HttpRequest.newBuilder(uri.resolve("/_sim/fault")).DELETE());
        assertEquals(200, get(uri, "/ping/").statusCode());
        assertEquals(400, post(uri, "/_sim/fault", "{\"status\":42}").statusCode());
    }

    @Test
    void delayFaultDelaysTheAnswer() throws Exception {
        sim.fault(Fault.delay(300));
        long start = System.nanoTime();
        assertEquals(200, get(uri, "/ping/").statusCode());
        assertTrue((System.nanoTime() - start) / 1_000_000 >= 290);
    }

    @Test
    void closeFaultDropsTheConnection() {
        sim.fault(Fault.closeConnection());
        assertThrows(IOException.class, () -> get(uri, "/ping/"));
    }

    @Test
    void echoShowsWhatArrived() throws Exception {
        HttpResponse<String> r = SimulatorHttp.send(HttpRequest.newBuilder(uri.resolve("/api/v1/other/thing?dtable_uuid=" + BASE_HEX_UPPER + "&x=1"))
                .header("X-Test", "yes")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("abc")));
        JsonNode echo = json(r);
        assertEquals("PATCH", echo.get("method").asText());
        assertEquals("/api/v1/other/thing", echo.get("path").asText());
        assertEquals("dtable_uuid=" + BASE_HEX_UPPER + "&x=1", echo.get("query").asText());
        assertEquals("yes", echo.get("headers").get("x-test").get(0).asText());
        assertEquals(BASE, echo.get("dtable_uuid").asText());
        assertEquals(3, echo.get("size").asInt());
    }

    private static String sha256(InputStream in) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (in) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
