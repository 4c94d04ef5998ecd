package org.dtablecluster.node;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The little of a dtable-server the node role talks to: {@code /ping/}, whose answer a test
 * switches between 200 and 500, and the assignment hook, which records what it is sent and can
 * be told to fail its next requests. Every request path is recorded.
 */
final class FakeDtableServer implements AutoCloseable {

    /** One hook POST as received. */
    record HookCall(String contentType, String body) {
    }

    static final String HOOK_PATH = "/_sim/assignment";

    private final HttpServer server;
    private final List<String> paths = new CopyOnWriteArrayList<>();
    private final List<HookCall> hookCalls = new CopyOnWriteArrayList<>();
    private final AtomicInteger pings = new AtomicInteger();
    private final AtomicInteger hookFailuresToGo = new AtomicInteger();
    private volatile int pingStatus = 200;

    FakeDtableServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** With a trailing slash, as in the seed's configs. */
    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    void pingStatus(int status) {
        pingStatus = status;
    }

    int pings() {
        return pings.get();
    }

    List<String> paths() {
        return List.copyOf(paths);
    }

    List<HookCall> hookCalls() {
        return List.copyOf(hookCalls);
    }

    /** The next {@code n} hook POSTs get a 500, after recording them. */
    void failNextHooks(int n) {
        hookFailuresToGo.set(n);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        paths.add(path);
        int status = 404;
        if (path.equals("/ping/")) {
            pings.incrementAndGet();
            status = pingStatus;
        } else if (path.equals(HOOK_PATH) && exchange.getRequestMethod().equals("POST")) {
            try (InputStream in = exchange.getRequestBody()) {
                hookCalls.add(new HookCall(exchange.getRequestHeaders().getFirst("Content-Type"),
                        new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            }
            status = hookFailuresToGo.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 500 : 200;
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
