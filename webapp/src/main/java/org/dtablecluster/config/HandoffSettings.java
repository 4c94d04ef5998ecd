package org.dtablecluster.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * One owner at a time (OWNERSHIP.md): the settings every role reads, parsed once. The lease TTL is
 * the node agents' {@code lease_ttl_seconds}; a proxy reads it too, to know when its own view is
 * too stale to route by, so give every config of a cluster the same value.
 *
 * @param leaseTtl {@code lease_ttl_seconds}: the node agents' lease TTL
 * @param fenceMargin {@code fence_margin_seconds}: an agent with no keep-alive acknowledged for
 *     TTL minus this stops claiming buckets; a proxy cut off from etcd that long answers 503
 *     {@code view_stale}; must be below the TTL
 * @param handoffTimeout {@code handoff_timeout_seconds}: how long a live old owner has to release a
 *     bucket before the leader cancels the move
 * @param maxConcurrentHandoffs {@code max_concurrent_handoffs}: handoffs open at once
 * @param hookResync {@code hook_resync_seconds}: how often an agent resends the full owned set
 * @param legacyRelease {@code legacy_release_seconds}: how long proxies hold a bucket's requests
 *     after it moved away from a node without the handoff (best effort)
 * @param holdMaxRequests {@code proxy_hold_max_requests}: requests one proxy holds at once
 * @param holdTimeout {@code proxy_hold_timeout_seconds}: how long a held request waits before 503
 * @param retryBodyMaxBytes {@code proxy_retry_body_max_bytes}: the largest request body a proxy keeps
 *     so that it can send a request refused with 421 once more
 */
public record HandoffSettings(
        Duration leaseTtl,
        Duration fenceMargin,
        Duration handoffTimeout,
        int maxConcurrentHandoffs,
        Duration hookResync,
        Duration legacyRelease,
        int holdMaxRequests,
        Duration holdTimeout,
        int retryBodyMaxBytes) {

    public static final int DEFAULT_LEASE_TTL_SECONDS = 90;
    public static final int DEFAULT_HANDOFF_TIMEOUT_SECONDS = 30;
    public static final int DEFAULT_MAX_CONCURRENT_HANDOFFS = 16;
    public static final int DEFAULT_HOOK_RESYNC_SECONDS = 30;
    public static final int DEFAULT_LEGACY_RELEASE_SECONDS = 5;
    public static final int DEFAULT_HOLD_MAX_REQUESTS = 10_000;
    public static final int DEFAULT_HOLD_TIMEOUT_SECONDS = 30;
    public static final int DEFAULT_RETRY_BODY_MAX_BYTES = 1 << 20;

    public HandoffSettings {
        requireNonNull(leaseTtl, "leaseTtl is null");
        requireNonNull(fenceMargin, "fenceMargin is null");
        requireNonNull(handoffTimeout, "handoffTimeout is null");
        requireNonNull(hookResync, "hookResync is null");
        requireNonNull(legacyRelease, "legacyRelease is null");
        requireNonNull(holdTimeout, "holdTimeout is null");
        if (fenceMargin.isNegative() || fenceMargin.compareTo(leaseTtl) >= 0) {
            throw new IllegalArgumentException("fence margin must be at least 0 and below the lease TTL " + leaseTtl
                    + ", was " + fenceMargin);
        }
        if (maxConcurrentHandoffs < 1 || holdMaxRequests < 1 || retryBodyMaxBytes < 0) {
            throw new IllegalArgumentException("limits out of range: " + maxConcurrentHandoffs + ", " + holdMaxRequests
                    + ", " + retryBodyMaxBytes);
        }
    }

    /** The default margin for a TTL: a quarter of it, between 1 and 5 seconds. */
    public static int defaultFenceMarginSeconds(long ttlSeconds) {
        return (int) Math.max(1, Math.min(5, ttlSeconds / 4));
    }

    /** Every default, for a lease TTL of {@code ttl}. */
    public static HandoffSettings defaults(Duration ttl) {
        return new HandoffSettings(ttl, Duration.ofSeconds(defaultFenceMarginSeconds(ttl.toSeconds())),
                Duration.ofSeconds(DEFAULT_HANDOFF_TIMEOUT_SECONDS), DEFAULT_MAX_CONCURRENT_HANDOFFS,
                Duration.ofSeconds(DEFAULT_HOOK_RESYNC_SECONDS), Duration.ofSeconds(DEFAULT_LEGACY_RELEASE_SECONDS),
                DEFAULT_HOLD_MAX_REQUESTS, Duration.ofSeconds(DEFAULT_HOLD_TIMEOUT_SECONDS),
                DEFAULT_RETRY_BODY_MAX_BYTES);
    }

    /** Every default, for the default lease TTL. */
    public static HandoffSettings defaults() {
        return defaults(Duration.ofSeconds(DEFAULT_LEASE_TTL_SECONDS));
    }

    /** How long the view may be cut off from etcd before routing by it is unsafe. */
    public Duration staleAfter() {
        return leaseTtl.minus(fenceMargin);
    }

    static HandoffSettings parse(ConfigSection section) {
        Duration ttl = section.seconds(ConfigKey.LEASE_TTL_SECONDS, DEFAULT_LEASE_TTL_SECONDS, 5, 3600);
        Duration margin = section.seconds(ConfigKey.FENCE_MARGIN_SECONDS,
                defaultFenceMarginSeconds(ttl.toSeconds()), 0, 3599);
        if (margin.compareTo(ttl) >= 0) {
            throw section.error(ConfigKey.FENCE_MARGIN_SECONDS, "must be below lease_ttl_seconds (" + ttl.toSeconds()
                    + "), was " + margin.toSeconds());
        }
        return new HandoffSettings(ttl, margin,
                section.seconds(ConfigKey.HANDOFF_TIMEOUT_SECONDS, DEFAULT_HANDOFF_TIMEOUT_SECONDS, 1, 3600),
                section.integer(ConfigKey.MAX_CONCURRENT_HANDOFFS, DEFAULT_MAX_CONCURRENT_HANDOFFS, 1, 256),
                section.seconds(ConfigKey.HOOK_RESYNC_SECONDS, DEFAULT_HOOK_RESYNC_SECONDS, 1, 3600),
                section.seconds(ConfigKey.LEGACY_RELEASE_SECONDS, DEFAULT_LEGACY_RELEASE_SECONDS, 0, 300),
                section.integer(ConfigKey.PROXY_HOLD_MAX_REQUESTS, DEFAULT_HOLD_MAX_REQUESTS, 1, 1_000_000),
                section.seconds(ConfigKey.PROXY_HOLD_TIMEOUT_SECONDS, DEFAULT_HOLD_TIMEOUT_SECONDS, 1, 600),
                section.integer(ConfigKey.PROXY_RETRY_BODY_MAX_BYTES, DEFAULT_RETRY_BODY_MAX_BYTES, 0, 64 << 20));
    }
}
