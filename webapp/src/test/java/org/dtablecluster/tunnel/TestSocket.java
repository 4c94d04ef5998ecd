package org.dtablecluster.tunnel;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/** A WebSocket client end for tests: queues what it receives, remembers how it was closed. */
public final class TestSocket implements Session.Listener.AutoDemanding {

    /** How a socket was closed. */
    public record Close(int code, String reason) {
    }

    private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<Close> closed = new CompletableFuture<>();
    private volatile Session session;

    /** A client that takes messages up to 64 MB. */
    public static WebSocketClient newClient() throws Exception {
        WebSocketClient client = new WebSocketClient();
        client.setMaxTextMessageSize(64 << 20);
        client.setMaxBinaryMessageSize(64 << 20);
        client.setMaxFrameSize(64 << 20);
        client.setIdleTimeout(Duration.ofSeconds(60));
        client.start();
        return client;
    }

    /** Opens a socket to {@code uri}, offering {@code subProtocols}; fails as the handshake does. */
    public static TestSocket open(WebSocketClient client, URI uri, String... subProtocols) throws Exception {
        TestSocket socket = new TestSocket();
        ClientUpgradeRequest request = new ClientUpgradeRequest();
        if (subProtocols.length > 0) {
            request.setSubProtocols(subProtocols);
        }
        client.connect(socket, uri, request).get(15, TimeUnit.SECONDS);
        return socket;
    }

    public Session session() {
        return session;
    }

    @Override
    public void onWebSocketOpen(Session opened) {
        session = opened;
    }

    @Override
    public void onWebSocketText(String message) {
        received.add(message);
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        received.add(bytes);
        callback.succeed();
    }

    @Override
    public void onWebSocketPong(ByteBuffer payload) {
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        received.add(new Pong(bytes));
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        closed.complete(new Close(statusCode, reason));
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        closed.complete(new Close(-1, String.valueOf(cause)));
    }

    /** A pong received, with its payload. */
    public record Pong(byte[] payload) {
    }

    public Object next() throws InterruptedException {
        Object message = received.poll(15, TimeUnit.SECONDS);
        if (message == null) {
            throw new AssertionError("no message within 15 s");
        }
        return message;
    }

    public String nextText() throws InterruptedException {
        Object message = next();
        if (!(message instanceof String text)) {
            throw new AssertionError("expected a text message, got " + message);
        }
        return text;
    }

    public byte[] nextBinary() throws InterruptedException {
        Object message = next();
        if (!(message instanceof byte[] bytes)) {
            throw new AssertionError("expected a binary message, got " + message);
        }
        return bytes;
    }

    public void send(String text) throws Exception {
        await(c -> session.sendText(text, c));
    }

    public void send(byte[] bytes) throws Exception {
        await(c -> session.sendBinary(ByteBuffer.wrap(bytes), c));
    }

    /** Starts sending {@code bytes} without waiting; {@code done} is completed once it is written. */
    public void sendAsync(byte[] bytes, CompletableFuture<Void> done) {
        session.sendBinary(ByteBuffer.wrap(bytes), Callback.from(() -> done.complete(null), done::completeExceptionally));
    }

    public void ping(byte[] payload) throws Exception {
        await(c -> session.sendPing(ByteBuffer.wrap(payload), c));
    }

    /** Sends fragments of one text message. */
    public void sendFragments(List<String> fragments) throws Exception {
        for (int i = 0; i < fragments.size(); i++) {
            boolean last = i == fragments.size() - 1;
            String fragment = fragments.get(i);
            await(c -> session.sendPartialText(fragment, last, c));
        }
    }

    public void close(int code, String reason) {
        session.close(code, reason, Callback.NOOP);
    }

    public Close awaitClose(Duration timeout) throws Exception {
        return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isOpen() {
        return session != null && session.isOpen() && !closed.isDone();
    }

    private interface Send {
        void send(Callback callback);
    }

    private static void await(Send send) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        send.send(Callback.from(() -> done.complete(null), done::completeExceptionally));
        done.get(30, TimeUnit.SECONDS);
    }
}
