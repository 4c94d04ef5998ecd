package org.dtablecluster.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.dtablecluster.testing.EtcdClusterExtension;
import org.dtablecluster.testing.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real socket.io through the proxy: npm's {@code socket.io} 4 as the dtable-servers (a small
 * node script, registered as nodes in etcd) and {@code socket.io-client} 4 as the browser. The
 * test installs both with npm into {@code target/socketio}. Checked: the handshake over polling,
 * the upgrade to websocket on the same owner, events both ways, a room joined by
 * {@code dtable_uuid}, and the client's own reconnect after the bucket moves.
 */
class SocketIoEndToEndTest {

    @RegisterExtension
    static final EtcdClusterExtension ETCD = EtcdClusterExtension.builder().members(1).build();

    @TempDir
    static Path work;

    static final ObjectMapper JSON = new ObjectMapper();
    static Path scripts;
    static final List<Process> PROCESSES = new ArrayList<>();
    static Client etcd;
    static FakeNodes nodes;
    static JettyProcess proxy;

    @BeforeAll
    static void start() throws Exception {
        scripts = installSocketIo();
        etcd = ETCD.newClient();
        nodes = new FakeNodes(etcd);
        for (String nodeId : List.of("dtable-server-01", "dtable-server-02")) {
            int port = JettyProcess.freePort();
            Process server = node(scripts.resolve("server.js").toString(), nodeId, Integer.toString(port));
            String first = new BufferedReader(new InputStreamReader(server.getInputStream(), UTF_8)).readLine();
            assertTrue(first != null && first.contains("listening"), "socket.io server " + nodeId + " said " + first);
            nodes.register(nodeId, URI.create("http://127.0.0.1:" + port + "/"));
        }
        proxy = JettyProcess.prepare(work, "proxy", Clusters.proxyConfig(ETCD)).start();
        Poll.until(Duration.ofSeconds(60), () -> Clusters.owners(nodes).size() == 256
                && Clusters.owners(nodes).values().stream().distinct().count() == 2, "256 buckets on two nodes");
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
        }
        PROCESSES.forEach(Process::destroyForcibly);
    }

    @Test
    void pollingThenWebSocketOnTheOwnerRoomsEventsAndAReconnectAfterTheBucketMoves() throws Exception {
        int bucket = 0x6b;
        String uuid = FakeNodes.baseIn(bucket, 4);
        String owner = nodes.owners().get(bucket);
        String other = owner.equals("dtable-server-01") ? "dtable-server-02" : "dtable-server-01";
        Process client = node(scripts.resolve("client.js").toString(), proxy.proxyUrl(), uuid);
        BlockingQueue<JsonNode> events = lines(client);

        JsonNode ready = next(events, "ready");
        assertSession(ready, owner, uuid);

        etcd.getKVClient().put(ByteSequence.from("assign-6b", UTF_8), ByteSequence.from(other, UTF_8)).get(5, TimeUnit.SECONDS);
        JsonNode disconnect = next(events, "disconnect");
        assertTrue(disconnect.get("reason").asText().startsWith("transport"), disconnect.toString());
        JsonNode reconnected = next(events, "reconnected");
        assertSession(reconnected, other, uuid);
        assertTrue(client.waitFor(20, TimeUnit.SECONDS), "the client script ends");
        assertEquals(0, client.exitValue());
    }

    private static void assertSession(JsonNode s, String owner, String uuid) {
        assertEquals(owner, s.get("hello_node").asText(), s.toString());
        assertEquals(uuid, s.get("hello_uuid").asText(), s.toString());
        assertEquals("polling", s.get("first_transport").asText(), "the handshake is made over polling: " + s);
        assertEquals("websocket", s.get("upgraded_to").asText(), s.toString());
        assertEquals(owner, s.get("echo_node").asText(), "the upgraded session is on the same owner: " + s);
        assertEquals("websocket", s.get("echo_transport").asText(), s.toString());
        assertEquals(owner, s.get("room_update_node").asText(), s.toString());
        assertEquals("A1", s.get("room_update_payload").get("cell").asText(), s.toString());
    }

    /** The next event named {@code name}, skipping others (connect errors while a bucket moves). */
    private static JsonNode next(BlockingQueue<JsonNode> events, String name) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        List<JsonNode> skipped = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            JsonNode e = events.poll(1, TimeUnit.SECONDS);
            if (e == null) {
                continue;
            }
            if (e.get("event").asText().equals(name)) {
                return e;
            }
            if (e.get("event").asText().equals("error")) {
                throw new AssertionError("client script failed: " + e + " after " + skipped);
            }
            skipped.add(e);
        }
        throw new AssertionError("no '" + name + "' event within 60 s; saw " + skipped);
    }

    private static BlockingQueue<JsonNode> lines(Process process) {
        BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.startsWith("{")) {
                        events.add(JSON.readTree(line));
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "socket.io-client-output");
        reader.setDaemon(true);
        reader.start();
        return events;
    }

    private static Process node(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("node"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(scripts.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(scripts.resolve("node-stderr.log").toFile())).start();
        PROCESSES.add(p);
        return p;
    }

    /** Copies the scripts to target/socketio and installs socket.io there with npm (once per build). */
    private static Path installSocketIo() throws Exception {
        Path source = Path.of(System.getProperty("dtable.cluster.repo"), "distribution", "src", "test", "socketio");
        Path target = JettyProcess.distribution().getParent().resolve("socketio");
        Files.createDirectories(target);
        for (String file : List.of("package.json", "server.js", "client.js")) {
            Files.copy(source.resolve(file), target.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(target.resolve("node_modules/socket.io-client"))) {
            Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--loglevel=error")
                    .directory(target.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(target.resolve("npm.log").toFile())).start();
            PROCESSES.add(npm);
            assertTrue(npm.waitFor(5, TimeUnit.MINUTES), "npm install within 5 minutes");
            assertEquals(0, npm.exitValue(), "npm install failed: " + Files.readString(target.resolve("npm.log")));
        }
        return target;
    }
}
