package org.dtablecluster.tunnel;

import static java.nio.charset.StandardCharsets.UTF_8;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServerContainer;
import org.eclipse.jetty.ee10.websocket.server.config.JettyWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * A stand-in dtable-server that speaks WebSocket, for tunnel tests: for a base it owns it accepts
 * an upgrade on any path (the base from a UUID path segment, else {@code dtable_uuid}), sends one
 * text message {@code {"node_id": …, "dtable_uuid": …}}, then echoes every text and binary
 * message and answers pings; for a base it does not own it answers 421 {@code not_owner} before
 * the upgrade; {@link #release} closes that bucket's sockets with 1012. It owns every bucket
 * until told otherwise. Plain HTTP requests get {@code {"node_id": …}}.
 */
public final class EchoOwner implements AutoCloseable {

    private final String nodeId;
    private final Server server;
    private final ServerConnector connector;
    private final BitSet released = new BitSet(256);
    private final Map<Integer, Set<Session>> sockets = new ConcurrentHashMap<>();
    private final List<Map<String, List<String>>> handshakes = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicReference<java.util.concurrent.CompletableFuture<Void>> paused =
            new java.util.concurrent.atomic.AtomicReference<>(java.util.concurrent.CompletableFuture.completedFuture(null));

    private EchoOwner(String nodeId, int port) throws Exception {
        this.nodeId = nodeId;
        QueuedThreadPool threads = new QueuedThreadPool(32, 2);
        threads.setName("echo-" + nodeId);
        server = new Server(threads);
        connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        JettyWebSocketServletContainerInitializer.configure(context, (servletContext, container) -> {
            container.setMaxTextMessageSize(64 << 20);
            container.setMaxBinaryMessageSize(64 << 20);
            container.setMaxFrameSize(64 << 20);
        });
        context.addServlet(new ServletHolder(new Front()), "/*");
        server.setHandler(context);
        server.setStopTimeout(0);
        server.start();
    }

    public static EchoOwner start(String nodeId) throws Exception {
        return new EchoOwner(nodeId, 0);
    }

    /** On a given port, for a server started again where the old one listened. */
    public static EchoOwner start(String nodeId, int port) throws Exception {
        return new EchoOwner(nodeId, port);
    }

    public String nodeId() {
        return nodeId;
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/");
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** Stops serving {@code bucket}: later upgrades get 421, open sockets are closed with 1012. */
    public synchronized void release(int bucket) {
        released.set(bucket);
        Set<Session> open = sockets.remove(bucket);
        if (open != null) {
            open.forEach(s -> s.close(1012, "bucket released", Callback.NOOP));
        }
    }

    /** Closes every open socket with {@code code} and {@code reason}, as a server-side close. */
    public void closeAll(int code, String reason) {
        sockets.values().forEach(open -> open.forEach(s -> s.close(code, reason, Callback.NOOP)));
    }

    /** Stops reading: the next frame is not asked for until {@link #resume}. */
    public void pause() {
        paused.set(new java.util.concurrent.CompletableFuture<>());
    }

    public void resume() {
        paused.getAndSet(java.util.concurrent.CompletableFuture.completedFuture(null)).complete(null);
    }

    /** Demands the next frame of {@code session} now, or once resumed. */
    private void demandWhenRunning(Session session) {
        paused.get().thenRun(session::demand);
    }

    public synchronized void own(int bucket) {
        released.clear(bucket);
    }

    private synchronized boolean owns(int bucket) {
        return !released.get(bucket);
    }

    /** The headers of every accepted handshake, oldest first. */
    public List<Map<String, List<String>>> handshakes() {
        return List.copyOf(handshakes);
    }

    public int openSockets() {
        return sockets.values().stream().mapToInt(Set::size).sum();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    /** Only test classes and Jetty: the end-to-end tests see the test jar, not the WAR's classes. */
    private static final java.util.regex.Pattern UUID = java.util.regex.Pattern.compile(
            "(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32}");

    static int bucketOf(String base) {
        return base != null && UUID.matcher(base).matches() ? Integer.parseInt(base.substring(0, 2), 16) : -1;
    }

    /** The base of a request: a UUID path segment, else {@code dtable_uuid}; null when none. */
    static String baseOf(HttpServletRequest request) {
        for (String segment : request.getRequestURI().split("/")) {
            if (bucketOf(segment) >= 0) {
                return segment;
            }
        }
        String query = request.getQueryString();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith("dtable_uuid=") && bucketOf(pair.substring(12)) >= 0) {
                    return pair.substring(12);
                }
            }
        }
        return null;
    }

    private final class Front extends HttpServlet {
        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String base = baseOf(request);
            int bucket = base == null ? -1 : bucketOf(base);
            if (bucket >= 0 && !owns(bucket)) {
                send(response, 421, "{\"error\":\"not_owner\",\"node_id\":\"" + nodeId + "\"}");
                return;
            }
            if (!"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
                send(response, 200, "{\"node_id\":\"" + nodeId + "\"}");
                return;
            }
            Map<String, List<String>> headers = new java.util.LinkedHashMap<>();
            for (String name : java.util.Collections.list(request.getHeaderNames())) {
                headers.put(name, java.util.Collections.list(request.getHeaders(name)));
            }
            handshakes.add(headers);
            String hello = "{\"node_id\":\"" + nodeId + "\",\"dtable_uuid\":" + (base == null ? "null" : "\"" + base + "\"") + "}";
            JettyWebSocketServerContainer.getContainer(getServletContext()).upgrade((req, resp) -> {
                if (!req.getSubProtocols().isEmpty()) {
                    resp.setAcceptedSubProtocol(req.getSubProtocols().get(0));
                }
                return new Echo(bucket, hello);
            }, request, response);
        }

        private void send(HttpServletResponse response, int status, String json) throws IOException {
            response.setStatus(status);
            response.setContentType("application/json");
            response.getOutputStream().write(json.getBytes(UTF_8));
        }
    }

    /** Explicit demand: the next frame is read once the echo of the last one is written. */
    public final class Echo implements Session.Listener {
        private final int bucket;
        private final String hello;
        private Session session;

        Echo(int bucket, String hello) {
            this.bucket = bucket;
            this.hello = hello;
        }

        @Override
        public void onWebSocketOpen(Session opened) {
            session = opened;
            sockets.computeIfAbsent(bucket, b -> ConcurrentHashMap.newKeySet()).add(opened);
            opened.sendText(hello, Callback.from(opened::demand, x -> opened.close()));
        }

        @Override
        public void onWebSocketText(String message) {
            session.sendText(message, Callback.from(session::demand, x -> session.close()));
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            ByteBuffer copy = ByteBuffer.allocate(payload.remaining()).put(payload).flip();
            callback.succeed();
            session.sendBinary(copy, Callback.from(() -> demandWhenRunning(session), x -> session.close()));
        }

        @Override
        public void onWebSocketPing(ByteBuffer payload) {
            ByteBuffer copy = ByteBuffer.allocate(payload.remaining()).put(payload).flip();
            session.sendPong(copy, Callback.from(session::demand, x -> session.close()));
        }

        @Override
        public void onWebSocketPong(ByteBuffer payload) {
            session.demand();
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason) {
            Set<Session> open = sockets.get(bucket);
            if (open != null) {
                open.remove(session);
            }
        }
    }
}
