package org.dtablecluster.simulator;

import static org.dtablecluster.simulator.SimulatorHttp.get;
import static org.dtablecluster.simulator.SimulatorHttp.json;
import static org.dtablecluster.simulator.SimulatorHttp.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A simulator that serves only what its hook gave it, until its deadline, on a shared storage. */
class SimulatorOwnershipTest {

    private static final String BASE_8B = "8b000000-0000-4000-8000-000000000001";
    private static final String ROWS_8B = "/api/v1/dtables/" + BASE_8B + "/rows/";

    @TempDir
    Path storage;

    private DtableServerSimulator one;
    private DtableServerSimulator two;

    @BeforeEach
    void start() throws Exception {
        one = DtableServerSimulator.start(SimulatorConfig.owningNothing("dtable-server-01", storage));
        two = DtableServerSimulator.start(SimulatorConfig.owningNothing("dtable-server-02", storage));
    }

    @AfterEach
    void stop() throws Exception {
        one.close();
        two.close();
    }

    @Test
    void aBaseOfABucketNotGivenIsRefusedWith421AndNotProcessed() throws Exception {
        HttpResponse<String> refused = post(one.uri(), ROWS_8B, "{\"row\":{\"a\":1}}");
        assertEquals(421, refused.statusCode());
        JsonNode body = json(refused);
        assertEquals("not_owner", body.get("error").asText());
        assertEquals("8b", body.get("bucket").asText());
        assertEquals(BASE_8B, body.get("dtable_uuid").asText());
        assertFalse(Files.exists(storage.resolve("bases/" + BASE_8B + ".json")), "a refused write is not saved");
        assertEquals(-1, one.rowCount(BASE_8B), "a refused request does not load the base");
        assertEquals(421, get(one.uri(), "/x?dtable_uuid=" + BASE_8B.replace("-", "")).statusCode());
        assertEquals(200, get(one.uri(), "/ping/").statusCode(), "a request naming no base is always served");
        assertEquals(200, get(one.uri(), "/api/v1/admin/sys-info/").statusCode());
    }

    @Test
    void writesAreSavedThroughSoTheNextOwnerSeesThem() throws Exception {
        hook(one, "{\"node_id\":\"dtable-server-01\",\"revision\":1,\"gained\":[139],\"owned\":[139]}");
        String id = json(post(one.uri(), ROWS_8B, "{\"row\":{\"n\":1}}")).get("_id").asText();
        assertEquals(List.of(id), BaseStorage.read(storage, BASE_8B).stream().map(r -> r.get("_id")).toList(),
                "acknowledged only once saved");
        JsonNode released = hook(one, "{\"revision\":2,\"lost\":[139],\"owned\":[]}");
        assertEquals("[139]", released.get("released").toString());
        assertEquals(BASE_8B, released.get("unloaded").get(0).asText());
        hook(two, "{\"revision\":3,\"gained\":[\"8b\"],\"owned\":[\"8b\"]}");
        JsonNode rows = json(get(two.uri(), ROWS_8B)).get("rows");
        assertEquals(1, rows.size());
        assertEquals(id, rows.get(0).get("_id").asText());
        assertEquals(421, post(one.uri(), ROWS_8B, "{\"row\":{\"n\":2}}").statusCode());
        assertTrue(ServingRecords.overlaps(ServingRecords.read(storage)).isEmpty(), "one owner after the other");
    }

    @Test
    void twoServersHoldingOneBaseLoseRowsAndTheRecordsShowTheOverlap() throws Exception {
        one.assign(Set.of(0x8b));
        two.assign(Set.of(0x8b));
        get(one.uri(), ROWS_8B);
        get(two.uri(), ROWS_8B);
        String a = json(post(one.uri(), ROWS_8B, "{\"row\":{\"n\":1}}")).get("_id").asText();
        String b = json(post(two.uri(), ROWS_8B, "{\"row\":{\"n\":2}}")).get("_id").asText();
        List<Object> saved = BaseStorage.read(storage, BASE_8B).stream().map(r -> r.get("_id")).toList();
        assertEquals(List.of(b), saved, "the second whole-base save erased the first server's row " + a);
        List<ServingInterval.Overlap> overlaps = ServingRecords.overlaps(ServingRecords.read(storage));
        assertEquals(1, overlaps.size(), overlaps.toString());
        assertEquals(0x8b, overlaps.get(0).bucket());
    }

    @Test
    void theHookAnswersOnlyOnceTheRequestsInFlightAreDone() throws Exception {
        one.assign(Set.of(0x8b));
        HttpResponse<InputStream> download = SimulatorHttp.CLIENT.send(HttpRequest.newBuilder(
                one.uri().resolve("/api/v1/dtables/" + BASE_8B + "/download/?size=100000&hold_after=1000")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = download.body()) {
            assertEquals(1000, in.readNBytes(1000).length);
            CompletableFuture<HttpResponse<String>> hook = SimulatorHttp.CLIENT.sendAsync(HttpRequest.newBuilder(
                    one.uri().resolve("/_sim/assignment")).POST(HttpRequest.BodyPublishers.ofString("{\"lost\":[139]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            // the release cannot complete while the download is held, however long we look
            Thread.sleep(300);
            assertFalse(hook.isDone(), "the hook answered while a request of the lost bucket was in flight");
            assertEquals(421, post(one.uri(), ROWS_8B, "{\"row\":{}}").statusCode(), "no new request once the release began");
            one.releaseHeldDownloads();
            assertEquals(99_000, in.readAllBytes().length);
            long downloadEnd = System.currentTimeMillis();
            assertEquals(200, hook.get(10, TimeUnit.SECONDS).statusCode());
            ServingInterval interval = one.intervals().stream().filter(i -> i.bucket() == 0x8b).findFirst().orElseThrow();
            assertEquals("lost", interval.reason());
            assertTrue(interval.toMs() >= downloadEnd - 50, "the interval ends after the last request: " + interval);
        }
    }

    @Test
    void pastItsDeadlineItServesNothingUntilRenewed() throws Exception {
        long deadline = System.currentTimeMillis() + 700;
        hook(one, "{\"owned\":[139],\"valid_until_ms\":" + deadline + "}");
        assertEquals(200, post(one.uri(), ROWS_8B, "{\"row\":{}}").statusCode());
        while (System.currentTimeMillis() <= deadline + 20) {
            Thread.sleep(50);
        }
        assertEquals(421, post(one.uri(), ROWS_8B, "{\"row\":{}}").statusCode());
        assertEquals(Set.of(), one.servingBuckets());
        assertEquals(Set.of(), one.loadedBases(), "fenced: its bases are unloaded");
        hook(one, "{\"owned\":[139],\"valid_until_ms\":" + (System.currentTimeMillis() + 60_000) + "}");
        assertEquals(200, post(one.uri(), ROWS_8B, "{\"row\":{}}").statusCode());
        List<ServingInterval> intervals = one.intervals();
        assertEquals(2, intervals.size(), intervals.toString());
        assertEquals("deadline", intervals.get(0).reason());
        assertTrue(intervals.get(0).toMs() >= deadline && intervals.get(0).toMs() < intervals.get(1).fromMs(), intervals.toString());
        assertEquals(400, post(one.uri(), "/_sim/assignment", "{\"valid_until_ms\":\"soon\"}").statusCode());
    }

    @Test
    void intervalsAreServedAsJson() throws Exception {
        one.assign(Set.of(1, 2));
        one.assign(Set.of(2));
        JsonNode body = json(get(one.uri(), "/_sim/intervals"));
        assertEquals("dtable-server-01", body.get("node_id").asText());
        assertTrue(body.get("incarnation").asText().startsWith("dtable-server-01."));
        assertEquals(2, body.get("intervals").size());
        assertEquals("lost", body.get("intervals").get(0).get("reason").asText());
        assertEquals("open", body.get("intervals").get(1).get("reason").asText());
    }

    private static JsonNode hook(DtableServerSimulator sim, String body) throws Exception {
        HttpResponse<String> r = post(sim.uri(), "/_sim/assignment", body);
        assertEquals(200, r.statusCode(), r.body());
        return json(r);
    }
}
