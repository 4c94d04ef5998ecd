package org.dtablecluster.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Every key dtable-cluster reads inside {@code cluster_config}. Anything else there is warned
 * about as unknown. {@code config-samples/README.md} documents each one.
 */
public enum ConfigKey {
    ETCD_HOST_LIST,
    KEY_PREFIX,
    ETCD_USER,
    ETCD_PASSWORD,
    ETCD_CONNECT_TIMEOUT_SECONDS,
    ETCD_CA_FILE,
    ETCD_CERT_FILE,
    ETCD_KEY_FILE,
    ROLES,
    NODE_ID,
    NODE_URL,
    LOCAL_NODE_URL,
    LEASE_TTL_SECONDS,
    HEALTH_CHECK_PATH,
    HEALTH_CHECK_INTERVAL_SECONDS,
    HEALTH_CHECK_TIMEOUT_SECONDS,
    HEALTH_CHECK_FAILURES,
    ASSIGNMENT_HOOK_PATH,
    NODE_WEIGHT,
    NODE_ZONE,
    NODE_STATE_DIR,
    MONITOR_INTERVAL_SECONDS,
    MONITOR_ELECTION_TTL_SECONDS,
    MONITOR_REREGISTER_GRACE_SECONDS,
    ASSIGNMENT_STRATEGY,
    STRATEGY_OPTIONS,
    PROXY_TIMEOUT_SECONDS,
    PROXY_RETRY_AFTER_SECONDS,
    PROXY_UPSTREAM_IDLE_SECONDS,
    WEBSOCKET_IDLE_TIMEOUT_SECONDS,
    WEBSOCKET_MAX_MESSAGE_BYTES,
    WEBSOCKET_MAX_TUNNELS,
    WEBSOCKET_HANDSHAKE_TIMEOUT_SECONDS,
    ADMIN_ALLOWED_HOSTS,
    ADMIN_ADVERTISE_URL,
    AUTO_REBALANCE,
    REBALANCE_HOLD_OFF_SECONDS,
    MAX_MOVES_PER_MINUTE,
    STRATEGY_TIMEOUT_SECONDS,
    MAX_MOVES_PER_RUN,
    FENCE_MARGIN_SECONDS,
    HANDOFF_TIMEOUT_SECONDS,
    MAX_CONCURRENT_HANDOFFS,
    HOOK_RESYNC_SECONDS,
    LEGACY_RELEASE_SECONDS,
    PROXY_HOLD_MAX_REQUESTS,
    PROXY_HOLD_TIMEOUT_SECONDS,
    PROXY_RETRY_BODY_MAX_BYTES;

    /** The name of the enclosing top-level key. */
    public static final String SECTION = "cluster_config";

    private final String key = name().toLowerCase(Locale.ROOT);

    /** The key as written in the file, such as {@code etcd_host_list}. */
    public String key() {
        return key;
    }

    /** The key's full path for messages, such as {@code cluster_config.etcd_host_list}. */
    public String path() {
        return SECTION + "." + key;
    }

    public static List<String> keys() {
        return Arrays.stream(values()).map(ConfigKey::key).toList();
    }
}
