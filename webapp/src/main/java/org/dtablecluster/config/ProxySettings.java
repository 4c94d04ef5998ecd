package org.dtablecluster.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The proxy role.
 *
 * @param timeout {@code proxy_timeout_seconds}: total time for one forwarded exchange
 * @param retryAfter {@code proxy_retry_after_seconds}: the {@code Retry-After} of a 503
 */
public record ProxySettings(Duration timeout, Duration retryAfter) {

    public ProxySettings {
        requireNonNull(timeout, "timeout is null");
        requireNonNull(retryAfter, "retryAfter is null");
    }
}
