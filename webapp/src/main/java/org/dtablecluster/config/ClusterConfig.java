package org.dtablecluster.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code cluster_config} section of a {@code dtable_server_config.json}, parsed and
 * validated once at start-up.
 *
 * @param source the file it came from
 * @param roles what this process runs: {@code NODE} when {@code node_id} is set, else
 *     {@code PROXY} and {@code MONITOR}; {@code roles} overrides
 * @param etcd how to reach etcd
 * @param node the node role's settings; present exactly when {@code roles} has {@code NODE}
 * @param monitor the monitor role's settings (defaults when the role is off)
 * @param proxy the proxy role's settings (defaults when the role is off)
 * @param tunnels the proxy role's WebSocket tunnels (defaults when the role is off)
 * @param admin the admin port's settings
 * @param handoff one owner at a time: fencing, handoffs, held requests (every role)
 */
public record ClusterConfig(
        Path source,
        Set<Role> roles,
        EtcdSettings etcd,
        Optional<NodeSettings> node,
        MonitorSettings monitor,
        ProxySettings proxy,
        TunnelSettings tunnels,
        AdminSettings admin,
        HandoffSettings handoff) {

    public ClusterConfig {
        requireNonNull(source, "source is null");
        roles = Set.copyOf(EnumSet.copyOf(requireNonNull(roles, "roles is null")));
        requireNonNull(etcd, "etcd is null");
        requireNonNull(node, "node is null");
        requireNonNull(monitor, "monitor is null");
        requireNonNull(proxy, "proxy is null");
        requireNonNull(tunnels, "tunnels is null");
        requireNonNull(admin, "admin is null");
        requireNonNull(handoff, "handoff is null");
        if (roles.contains(Role.NODE) != node.isPresent()) {
            throw new IllegalArgumentException("node settings must be present exactly when the node role is");
        }
    }

    /** With the default tunnel, admin port and handoff settings. */
    public ClusterConfig(Path source, Set<Role> roles, EtcdSettings etcd, Optional<NodeSettings> node,
            MonitorSettings monitor, ProxySettings proxy) {
        this(source, roles, etcd, node, monitor, proxy, TunnelSettings.defaults(), AdminSettings.DEFAULT,
                HandoffSettings.defaults(node.map(NodeSettings::leaseTtl)
                        .orElse(java.time.Duration.ofSeconds(HandoffSettings.DEFAULT_LEASE_TTL_SECONDS))));
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }
}
