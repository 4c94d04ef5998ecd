package org.dtablecluster.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.dtablecluster.view.InMemoryClusterView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An admin password configured: every admin write and all of Jolokia need an admin; the policy
 * still limits what an admin may run; the page, /status and /bases/ stay open.
 */
class AdminProtectedModeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static AdminServer server;
    static TestCounter counter;

    @BeforeAll
    static void start() throws Exception {
        counter = TestCounter.register();
        Path realm = Files.writeString(dir.resolve("realm.properties"), """
                admin: secret, dtable-cluster-admin
                viewer: look, somebody-else
                """);
        server = AdminServer.start(realm,
                Reports.proxyProcess(new InMemoryClusterView(Reports.snapshot()), Optional.empty()));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        TestCounter.unregister();
    }

    @Test
    void rebalanceNeedsAnAdmin() throws Exception {
        int before = server.rebalances.get();
        HttpResponse<String> none = server.post("/rebalance/", "");
        assertEquals(401, none.statusCode(), none.body());
        assertEquals("Basic realm=\"dtable-cluster\", charset=\"UTF-8\"",
                none.headers().firstValue("WWW-Authenticate").orElse(""));
        assertEquals(401, server.post("/rebalance/", "", "Authorization", AdminServer.basic("admin", "wrong"))
                .statusCode());
        HttpResponse<String> viewer = server.post("/rebalance/", "", "Authorization", AdminServer.basic("viewer", "look"));
        assertEquals(403, viewer.statusCode(), viewer.body());
        assertEquals("forbidden", JSON.readTree(viewer.body()).get("error").asText());
        assertEquals(before, server.rebalances.get(), "nothing ran yet");

        HttpResponse<String> admin = server.post("/rebalance/", "", "Authorization", AdminServer.basic("admin", "secret"));
        assertEquals(200, admin.statusCode(), admin.body());
        assertEquals(before + 1, server.rebalances.get());
    }

    @Test
    void drainAndPinNeedAnAdminAndRecordWhoAsked() throws Exception {
        int before = server.commands.size();
        assertEquals(401, server.post("/nodes/dtable-server-02/drain", "").statusCode());
        HttpResponse<String> viewer = server.post("/nodes/dtable-server-02/drain", "", "Authorization",
                AdminServer.basic("viewer", "look"));
        assertEquals(403, viewer.statusCode(), viewer.body());
        assertEquals(401, server.post("/buckets/3f/pin?x=1", "{\"node_id\": \"dtable-server-01\"}").statusCode(),
                "every method of the endpoint is guarded, even one it refuses");
        assertEquals(before, server.commands.size(), "nothing ran yet");

        HttpResponse<String> admin = server.post("/nodes/dtable-server-02/drain", "", "Authorization",
                AdminServer.basic("admin", "secret"));
        assertEquals(200, admin.statusCode(), admin.body());
        assertEquals("drain", JSON.readTree(admin.body()).get("action").asText());
        assertEquals(new org.dtablecluster.monitor.OperatorCommand.Drain("dtable-server-02", "admin", false),
                server.commands.get(before));
    }

    @Test
    void jolokiaNeedsAnAdminForReadsToo() throws Exception {
        String read = "/jolokia/read/" + TestCounter.NAME + "/Count";
        assertEquals(401, server.get(read).statusCode());
        assertEquals(403, server.get(read, "viewer", "look").statusCode());
        HttpResponse<String> r = server.get(read, "admin", "secret");
        assertEquals(200, JSON.readTree(r.body()).get("status").asInt(), r.body());
    }

    @Test
    void anAdminMayRunOurOperationsOnly() throws Exception {
        int before = counter.getCount();
        assertEquals(401, server.get("/jolokia/exec/" + TestCounter.NAME + "/increment").statusCode());
        assertEquals(before, counter.getCount());

        JsonNode get = JSON.readTree(server.get("/jolokia/exec/" + TestCounter.NAME + "/increment", "admin", "secret")
                .body());
        assertEquals(200, get.get("status").asInt(), get.toString());
        assertEquals(before + 1, get.get("value").asInt());
        HttpResponse<String> post = server.post("/jolokia/", "{\"type\":\"exec\",\"mbean\":\"" + TestCounter.NAME
                + "\",\"operation\":\"increment\"}", "Authorization", AdminServer.basic("admin", "secret"));
        assertEquals(before + 2, JSON.readTree(post.body()).get("value").asInt(), post.body());

        // Jolokia answers a refusal by its policy with HTTP 200 and "status": 403 in the JSON
        JsonNode gc = JSON.readTree(server.get("/jolokia/exec/java.lang:type=Memory/gc", "admin", "secret").body());
        assertEquals(403, gc.get("status").asInt(), gc.toString());
        assertTrue(gc.get("error").asText().contains("gc"), gc.toString());
        JsonNode write = JSON.readTree(server.get("/jolokia/write/java.lang:type=Memory/Verbose/true", "admin", "secret")
                .body());
        assertEquals(403, write.get("status").asInt(), write.toString());
    }

    @Test
    void thePolicyHidesSecretsOfTheJvmButShowsItsState() throws Exception {
        JsonNode props = JSON.readTree(server.get("/jolokia/read/java.lang:type=Runtime/SystemProperties",
                "admin", "secret").body());
        assertEquals(403, props.get("status").asInt(), props.toString());
        JsonNode uptime = JSON.readTree(server.get("/jolokia/read/java.lang:type=Runtime/Uptime", "admin", "secret")
                .body());
        assertEquals(200, uptime.get("status").asInt(), uptime.toString());
        JsonNode threads = JSON.readTree(server.get("/jolokia/read/java.lang:type=Threading/ThreadCount", "admin",
                "secret").body());
        assertTrue(threads.get("value").asInt() > 0, threads.toString());
    }

    @Test
    void pageStatusAndLookupsStayOpen() throws Exception {
        HttpResponse<String> page = server.get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'none'"));
        assertEquals(256, page.body().split("data-bucket=\"", -1).length - 1);

        HttpResponse<String> status = server.get("/status/");
        assertEquals(200, status.statusCode());
        assertEquals(Reports.REVISION, JSON.readTree(status.body()).get("revision").asLong());
        assertEquals(405, server.post("/status", "{}").statusCode());
    }

    @Test
    void baseLookupTakesEitherFormAndSaysWhoServesIt() throws Exception {
        String dashed = "8B2D0C4E-1111-4222-8333-444455556666";
        HttpResponse<String> a = server.get("/bases/" + dashed);
        HttpResponse<String> b = server.get("/bases/" + dashed.replace("-", "").toLowerCase() + "/");
        assertEquals(200, a.statusCode(), a.body());
        assertEquals(JSON.readTree(a.body()), JSON.readTree(b.body()), "both forms give the same answer");
        JsonNode found = JSON.readTree(a.body());
        assertEquals("8b2d0c4e-1111-4222-8333-444455556666", found.get("base").asText());
        assertEquals("8b", found.get("bucket").asText());
        assertEquals("dtable-server-02", found.get("node_id").asText(), "bucket 0x8b = 139 lies in 86..170");
        assertEquals("https://dtable-server-02.example.com/", found.get("node_url").asText());
        assertEquals("http://10.0.0.2:5000/", found.get("local_node_url").asText());

        for (String bad : new String[] {"not-a-uuid", "8b2d0c4e-1111-4222-8333-44445555666", "", "8b2d0c4e11114222833344445555666g"}) {
            HttpResponse<String> r = server.get("/bases/" + bad);
            assertEquals(400, r.statusCode(), bad);
            assertEquals("bad_base_id", JSON.readTree(r.body()).get("error").asText());
        }

        HttpResponse<String> unowned = server.get("/bases/ff000000-0000-4000-8000-000000000000");
        assertEquals(503, unowned.statusCode());
        assertEquals("5", unowned.headers().firstValue("Retry-After").orElse(""));
        assertEquals("no_owner", JSON.readTree(unowned.body()).get("error").asText());
        JsonNode gone = JSON.readTree(server.get("/bases/FE000000000040008000000000000000").body());
        assertEquals("dtable-server-09", gone.get("node_id").asText());
        assertTrue(gone.get("message").asText().contains("not live"), gone.toString());
    }
}
