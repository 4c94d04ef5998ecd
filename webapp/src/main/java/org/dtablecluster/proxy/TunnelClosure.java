package org.dtablecluster.proxy;

import java.util.Locale;

/**
 * Why a WebSocket tunnel ended, each with the close code the proxy sends when it is the one that
 * ends it ({@code 0}: the proxy relays the code one side sent to the other).
 */
public enum TunnelClosure {
    /** The client closed; its code went to the owner. */
    CLIENT_CLOSED(0),
    /** The owner closed; its code went to the client. */
    OWNER_CLOSED(0),
    /** The bucket got another owner, or its handoff started: reconnect to reach the new owner. */
    BUCKET_MOVED(1012),
    /** The owner is no longer a live node. */
    OWNER_LOST(1001),
    /** Reading or writing one side failed, or the owner's connection dropped without a close. */
    RELAY_FAILED(1011),
    /** Nothing passed either way for {@code websocket_idle_timeout_seconds}. */
    IDLE_TIMEOUT(1001),
    /** A message was larger than {@code websocket_max_message_bytes}. */
    MESSAGE_TOO_BIG(1009),
    /** The proxy is stopping. */
    PROXY_STOPPING(1001);

    private final int code;
    private final String key = name().toLowerCase(Locale.ROOT);

    TunnelClosure(int code) {
        this.code = code;
    }

    /** The WebSocket close code the proxy sends for this reason, or 0 when it relays one. */
    public int code() {
        return code;
    }

    /** The stable name in JMX, {@code /status} and the page, such as {@code bucket_moved}. */
    public String key() {
        return key;
    }
}
