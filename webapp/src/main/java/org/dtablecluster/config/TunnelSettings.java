package org.dtablecluster.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The proxy's WebSocket tunnels.
 *
 * @param idleTimeout {@code websocket_idle_timeout_seconds}: a tunnel with no frame either way
 *     for this long is closed (1001); keep it above socket.io's ping interval (25 s)
 * @param maxMessageBytes {@code websocket_max_message_bytes}: the largest message (and frame)
 *     relayed; a larger one closes the tunnel with 1009
 * @param maxTunnels {@code websocket_max_tunnels}: open tunnels (and handshakes in progress) per
 *     proxy process; one more is answered 503 {@code too_many_tunnels}
 * @param handshakeTimeout {@code websocket_handshake_timeout_seconds}: how long the owner may take
 *     to accept the upgrade before the client gets 504 {@code owner_timeout}
 */
public record TunnelSettings(Duration idleTimeout, int maxMessageBytes, int maxTunnels, Duration handshakeTimeout) {

    public static final int DEFAULT_IDLE_TIMEOUT_SECONDS = 300;
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
    public static final int DEFAULT_MAX_TUNNELS = 10_000;
    public static final int DEFAULT_HANDSHAKE_TIMEOUT_SECONDS = 10;

    public TunnelSettings {
        requireNonNull(idleTimeout, "idleTimeout is null");
        requireNonNull(handshakeTimeout, "handshakeTimeout is null");
        if (idleTimeout.isNegative() || idleTimeout.isZero() || handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive: " + idleTimeout + ", " + handshakeTimeout);
        }
        if (maxMessageBytes < 1 || maxTunnels < 1) {
            throw new IllegalArgumentException("maxMessageBytes and maxTunnels must be positive: "
                    + maxMessageBytes + ", " + maxTunnels);
        }
    }

    /** Every default. */
    public static TunnelSettings defaults() {
        return new TunnelSettings(Duration.ofSeconds(DEFAULT_IDLE_TIMEOUT_SECONDS), DEFAULT_MAX_MESSAGE_BYTES,
                DEFAULT_MAX_TUNNELS, Duration.ofSeconds(DEFAULT_HANDSHAKE_TIMEOUT_SECONDS));
    }

    static TunnelSettings parse(ConfigSection section) {
        return new TunnelSettings(
                section.seconds(ConfigKey.WEBSOCKET_IDLE_TIMEOUT_SECONDS, DEFAULT_IDLE_TIMEOUT_SECONDS, 10, 86_400),
                section.integer(ConfigKey.WEBSOCKET_MAX_MESSAGE_BYTES, DEFAULT_MAX_MESSAGE_BYTES, 1024, 1 << 30),
                section.integer(ConfigKey.WEBSOCKET_MAX_TUNNELS, DEFAULT_MAX_TUNNELS, 1, 1_000_000),
                section.seconds(ConfigKey.WEBSOCKET_HANDSHAKE_TIMEOUT_SECONDS, DEFAULT_HANDSHAKE_TIMEOUT_SECONDS, 1, 300));
    }
}
