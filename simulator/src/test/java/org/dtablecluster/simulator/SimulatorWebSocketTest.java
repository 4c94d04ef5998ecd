package org.dtablecluster.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.exceptions.UpgradeException;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulator's WebSocket: for served bases only, echoing, closed with 1012 when released. */
class SimulatorWebSocketTest {

    private static final String BASE = "8b000000-0000-4000-8000-000000000002";

    @TempDir
    Path storage;

    private DtableServerSimulator sim;
    private WebSocketClient client;

    @BeforeEach
    void start() throws Exception {
        sim = DtableServerSimulator.start(SimulatorConfig.owningNothing("dtable-server-01", storage));
        client = new WebSocketClient();
        client.start();
    }

    @AfterEach
    void stop() throws Exception {
        client.stop();
        sim.close();
    }

    @Test
    void aServedBaseGetsASocketThatNamesTheNodeAndEchoes() throws Exception {
        sim.assign(Set.of(0x8b));
        Recorder socket = new Recorder();
        Session session = client.connect(socket, ws("/socket.io/?dtable_uuid=" + BASE.replace("-", "") + "&EIO=4&transport=websocket"))
                .get(10, TimeUnit.SECONDS);
        JsonNode hello = SimulatorHttp.MAPPER.readTree(socket.texts.poll(10, TimeUnit.SECONDS));
        assertEquals("dtable-server-01", hello.get("node_id").asText());
        assertEquals(BASE, hello.get("dtable_uuid").asText());
        session.sendText("42[\"ping\"]", Callback.NOOP);
        assertEquals("42[\"ping\"]", socket.texts.poll(10, TimeUnit.SECONDS));
        session.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), Callback.NOOP);
        ByteBuffer echoed = socket.binaries.poll(10, TimeUnit.SECONDS);
        assertEquals(ByteBuffer.wrap(new byte[] {1, 2, 3}), echoed);

        sim.assign(Set.of());
        assertEquals(1012, socket.closed.get(10, TimeUnit.SECONDS), "released: service restart");
    }

    @Test
    void aBaseNotServedIsRefusedBeforeTheUpgrade() throws Exception {
        sim.assign(Set.of(0x01));
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> client.connect(new Recorder(), ws("/api/v1/dtables/" + BASE + "/ws")).get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof UpgradeException, e.toString());
        assertEquals(421, ((UpgradeException) e.getCause()).getResponseStatusCode());
    }

    private URI ws(String pathAndQuery) {
        return URI.create("ws://127.0.0.1:" + sim.port() + pathAndQuery);
    }

    /** Collects what the server sends. */
    public static final class Recorder implements Session.Listener.AutoDemanding {
        final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        final BlockingQueue<ByteBuffer> binaries = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();

        @Override
        public void onWebSocketText(String message) {
            texts.add(message);
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            binaries.add(ByteBuffer.allocate(payload.remaining()).put(payload).flip());
            callback.succeed();
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason) {
            closed.complete(statusCode);
        }
    }
}
