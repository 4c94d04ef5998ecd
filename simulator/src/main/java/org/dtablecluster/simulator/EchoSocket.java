package org.dtablecluster.simulator;

import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * One WebSocket of a base: on open it names the node and the base in one text message, then
 * echoes every text and binary message, each admitted through the bucket's gate like a request,
 * so nothing is echoed once the bucket is released or the deadline has passed. Public only because
 * Jetty calls a listener's methods reflectively.
 */
public final class EchoSocket implements Session.Listener.AutoDemanding {

    private final Ownership ownership;
    private final String nodeId;
    private final String uuid;
    private final int bucket;
    private Session session;

    EchoSocket(Ownership ownership, String nodeId, String uuid) {
        this.ownership = ownership;
        this.nodeId = nodeId;
        this.uuid = uuid;
        this.bucket = BaseUuids.bucket(uuid);
    }

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
        if (ownership.sockets().add(bucket, session)) {
            session.sendText(Json.text(Map.of("node_id", nodeId, "dtable_uuid", uuid)), Callback.NOOP);
        }
    }

    @Override
    public void onWebSocketText(String message) {
        if (admitted()) {
            session.sendText(message, Callback.from(this::finished, x -> finished()));
        }
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        if (!admitted()) {
            callback.succeed();
            return;
        }
        ByteBuffer copy = ByteBuffer.allocate(payload.remaining()).put(payload).flip();
        callback.succeed();
        session.sendBinary(copy, Callback.from(this::finished, x -> finished()));
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        ownership.sockets().remove(bucket, session);
    }

    private boolean admitted() {
        if (ownership.enter(bucket)) {
            return true;
        }
        session.close(Sockets.RELEASED, "bucket not served here", Callback.NOOP);
        return false;
    }

    private void finished() {
        ownership.exit(bucket);
    }
}
