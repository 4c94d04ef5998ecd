package org.dtablecluster.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The proxy role.
 *
 * @param timeout {@code proxy_timeout_seconds}: total time for one forwarded exchange
 * @param retryAfter {@code proxy_retry_after_seconds}: the {@code Retry-After} of a 503
 * @param upstreamIdle {@code proxy_upstream_idle_seconds}: how long a kept-alive connection to a
 *     dtable-server may sit unused before the proxy closes it; below the server's own keep-alive
 *     timeout, so the proxy never sends a request on a connection the server is closing
 */
public record ProxySettings(Duration timeout, Duration retryAfter, Duration upstreamIdle) {

    /** Below the 5 s keep-alive timeout of Node.js's HTTP server, which dtable-server runs on. */
    public static final Duration DEFAULT_UPSTREAM_IDLE = Duration.ofSeconds(4);

    public ProxySettings {
        requireNonNull(timeout, "timeout is null");
        requireNonNull(retryAfter, "retryAfter is null");
        requireNonNull(upstreamIdle, "upstreamIdle is null");
    }

    public ProxySettings(Duration timeout, Duration retryAfter) {
        this(timeout, retryAfter, DEFAULT_UPSTREAM_IDLE);
    }
}
