package org.dtablecluster.tunnel;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.atomic.AtomicBoolean;
import org.dtablecluster.proxy.TunnelClosure;
import org.dtablecluster.spi.Assignment;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's WebSocket relayed to the owner's: two {@link Side}s, each the listener of one
 * session, each sending what it receives to the other.
 *
 * <p>Back-pressure: both sessions use explicit demand. A side asks for its next frame only once
 * the other side has written the previous one, so at most one frame per direction is in the
 * proxy, and a slow reader slows its writer through TCP. Frames are relayed as fragments, as they
 * come: a message is never assembled in memory.
 *
 * <p>Close codes: a close from one side goes to the other with its code and reason; a connection
 * that drops without a close becomes 1011 for the other side; the proxy's own reasons use their
 * {@link TunnelClosure#code()}.
 */
final class Tunnel {

    static final Logger LOG = LoggerFactory.getLogger(Tunnel.class);

    private final int bucket;
    private final String nodeId;
    private final TunnelRegistry registry;
    private final long maxMessageBytes;
    private final TunnelSide client = new TunnelSide(this, true);
    private final TunnelSide owner = new TunnelSide(this, false);
    private final AtomicBoolean reservationHeld = new AtomicBoolean(true);
    private TunnelClosure closure;
    private boolean registered;

    /** Holds one reservation of {@code registry}, taken by the caller. */
    Tunnel(int bucket, String nodeId, TunnelRegistry registry, long maxMessageBytes) {
        this.bucket = bucket;
        this.nodeId = requireNonNull(nodeId, "nodeId is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.maxMessageBytes = maxMessageBytes;
    }

    int bucket() {
        return bucket;
    }

    String bucketText() {
        return bucket < 0 ? "-" : Assignment.hex(bucket);
    }

    String nodeId() {
        return nodeId;
    }

    long maxMessageBytes() {
        return maxMessageBytes;
    }

    /** The side that is not {@code side}. */
    TunnelSide peer(TunnelSide side) {
        return side == client ? owner : client;
    }

    /** The listener of the client's session. */
    Session.Listener clientSide() {
        return client;
    }

    /** The listener of the session to the owner. */
    Session.Listener ownerSide() {
        return owner;
    }

    /** The client's session opened: the tunnel is complete, frames may flow. */
    void start() {
        TunnelClosure already;
        synchronized (this) {
            already = closure;
            registered = already == null;
        }
        if (already != null) {
            client.closeSession(code(already), already.key());
            return;
        }
        registry.add(this);
        synchronized (this) {
            if (closure != null) {
                return; // closed at once: the route had changed while the tunnel opened
            }
        }
        client.session().demand();
        owner.session().demand();
    }

    /** Ends the tunnel for one of the proxy's own reasons; the first reason wins. */
    void close(TunnelClosure reason, String why) {
        finish(reason, code(reason), why);
    }

    /** The upgrade of the client's request failed: the owner's session is closed, nothing counted. */
    void abort(String why) {
        finish(TunnelClosure.RELAY_FAILED, StatusCode.SERVER_ERROR, why);
    }

    void finish(TunnelClosure reason, int code, String why) {
        boolean wasRegistered;
        synchronized (this) {
            if (closure != null) {
                return;
            }
            closure = reason;
            wasRegistered = registered;
        }
        client.closeSession(code, why);
        owner.closeSession(code, why);
        if (wasRegistered) {
            registry.remove(this, reason);
        }
        if (reservationHeld.compareAndSet(true, false)) {
            registry.release();
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("[node={} bucket={}] tunnel closed: {} {} {}", nodeId, bucketText(), reason.key(), code, why);
        }
    }

    private static int code(TunnelClosure reason) {
        return reason.code() == 0 ? StatusCode.NORMAL : reason.code();
    }

    /** A close code the other side may be sent: the reserved ones (1005, 1006, 1015) are not. */
    static int relayable(int code) {
        return switch (code) {
            case StatusCode.NO_CODE -> StatusCode.NORMAL;
            case StatusCode.NO_CLOSE, StatusCode.FAILED_TLS_HANDSHAKE -> StatusCode.SERVER_ERROR;
            default -> code;
        };
    }
}
