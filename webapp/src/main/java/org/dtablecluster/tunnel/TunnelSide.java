package org.dtablecluster.tunnel;

import java.nio.ByteBuffer;
import org.dtablecluster.proxy.TunnelClosure;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.exceptions.WebSocketTimeoutException;

/**
 * One session's listener in a {@link Tunnel}; relays what it receives to the other side. Public
 * because Jetty calls listener methods through public method handles.
 */
public final class TunnelSide implements Session.Listener {

    private final Tunnel tunnel;
    private final boolean facesClient;
    private volatile Session session;
    /** Bytes of the message being relayed; only touched by this side's events, one at a time. */
    private long messageBytes;

    TunnelSide(Tunnel tunnel, boolean facesClient) {
        this.tunnel = tunnel;
        this.facesClient = facesClient;
    }

    Session session() {
        return session;
    }

    private TunnelSide peer() {
        return tunnel.peer(this);
    }

    private TunnelClosure closedByThisSide() {
        return facesClient ? TunnelClosure.CLIENT_CLOSED : TunnelClosure.OWNER_CLOSED;
    }

    @Override
    public void onWebSocketOpen(Session opened) {
        session = opened;
        opened.setMaxFrameSize(tunnel.maxMessageBytes());
        opened.setMaxTextMessageSize(tunnel.maxMessageBytes());
        opened.setMaxBinaryMessageSize(tunnel.maxMessageBytes());
        if (facesClient) {
            tunnel.start();
        }
    }

    @Override
    public void onWebSocketPartialText(String payload, boolean last) {
        if (counted(Utf8.length(payload), last)) {
            peer().session().sendPartialText(payload, last, Callback.from(session::demand, this::failed));
        }
    }

    @Override
    public void onWebSocketPartialBinary(ByteBuffer payload, boolean last, Callback callback) {
        if (!counted(payload.remaining(), last)) {
            callback.succeed();
            return;
        }
        peer().session().sendPartialBinary(payload, last, Callback.from(() -> {
            callback.succeed();
            session.demand();
        }, failure -> {
            callback.fail(failure);
            failed(failure);
        }));
    }

    @Override
    public void onWebSocketPing(ByteBuffer payload) {
        // Relayed, not answered: the pong the far end sends comes back the same way.
        peer().session().sendPing(copy(payload), Callback.from(session::demand, this::failed));
    }

    @Override
    public void onWebSocketPong(ByteBuffer payload) {
        peer().session().sendPong(copy(payload), Callback.from(session::demand, this::failed));
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        TunnelClosure reason = cause instanceof WebSocketTimeoutException
                ? TunnelClosure.IDLE_TIMEOUT : TunnelClosure.RELAY_FAILED;
        if (reason == TunnelClosure.RELAY_FAILED) {
            Tunnel.LOG.info("[node={} bucket={}] {} side failed: {}", tunnel.nodeId(), tunnel.bucketText(),
                    facesClient ? "client" : "owner", String.valueOf(cause));
        }
        tunnel.close(reason, reason.key());
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        int relayed = Tunnel.relayable(statusCode);
        TunnelClosure why = relayed == statusCode ? closedByThisSide() : TunnelClosure.RELAY_FAILED;
        tunnel.finish(why, relayed, reason);
    }

    /** False, with the tunnel closed 1009, when the message grew past the limit. */
    private boolean counted(long bytes, boolean last) {
        messageBytes += bytes;
        if (messageBytes > tunnel.maxMessageBytes()) {
            tunnel.close(TunnelClosure.MESSAGE_TOO_BIG, "message larger than " + tunnel.maxMessageBytes() + " bytes");
            return false;
        }
        if (last) {
            messageBytes = 0;
        }
        return true;
    }

    private void failed(Throwable failure) {
        onWebSocketError(failure);
    }

    void closeSession(int code, String reason) {
        Session s = session;
        if (s != null && s.isOpen()) {
            s.close(code, reason, Callback.NOOP);
        }
    }

    private ByteBuffer copy(ByteBuffer payload) {
        ByteBuffer copy = ByteBuffer.allocate(payload.remaining());
        copy.put(payload.slice()).flip();
        return copy;
    }
}
