package org.dtablecluster.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.dtablecluster.view.NodeId;

/**
 * The node role: which dtable-server this process stands for and how it keeps it registered.
 *
 * @param nodeId {@code node_id}; starts with {@code dtable-server-}
 * @param nodeUrl {@code node_url}: what browsers use
 * @param localNodeUrl {@code local_node_url}: what the proxy forwards to and what we probe
 * @param leaseTtl {@code lease_ttl_seconds}
 * @param healthCheckPath {@code health_check_path}, appended to {@code local_node_url}
 * @param healthCheckInterval {@code health_check_interval_seconds}
 * @param healthCheckTimeout {@code health_check_timeout_seconds}
 * @param healthCheckFailures {@code health_check_failures}: consecutive failures before we
 *     deregister
 * @param assignmentHookPath {@code assignment_hook_path}: where to POST bucket changes on the
 *     dtable-server, if anywhere
 * @param attributes extra fields registered with the node, such as {@code weight} and
 *     {@code zone} (from {@code node_weight}, {@code node_zone})
 * @param nodeStateDir {@code node_state_dir}: where the agent keeps its lease and instance, so
 *     that it can take its registration back after a crash; empty: nowhere (no take-back)
 */
public record NodeSettings(
        String nodeId,
        URI nodeUrl,
        URI localNodeUrl,
        Duration leaseTtl,
        String healthCheckPath,
        Duration healthCheckInterval,
        Duration healthCheckTimeout,
        int healthCheckFailures,
        Optional<String> assignmentHookPath,
        Map<String, String> attributes,
        Optional<Path> nodeStateDir) {

    public NodeSettings {
        NodeId.check(requireNonNull(nodeId, "nodeId is null"));
        requireNonNull(nodeUrl, "nodeUrl is null");
        requireNonNull(localNodeUrl, "localNodeUrl is null");
        requireNonNull(leaseTtl, "leaseTtl is null");
        requireNonNull(healthCheckPath, "healthCheckPath is null");
        requireNonNull(healthCheckInterval, "healthCheckInterval is null");
        requireNonNull(healthCheckTimeout, "healthCheckTimeout is null");
        requireNonNull(assignmentHookPath, "assignmentHookPath is null");
        attributes = Map.copyOf(requireNonNull(attributes, "attributes is null"));
        requireNonNull(nodeStateDir, "nodeStateDir is null");
    }

    /** Without a state directory: an agent that crashed waits for its old lease to expire. */
    public NodeSettings(String nodeId, URI nodeUrl, URI localNodeUrl, Duration leaseTtl, String healthCheckPath,
            Duration healthCheckInterval, Duration healthCheckTimeout, int healthCheckFailures,
            Optional<String> assignmentHookPath, Map<String, String> attributes) {
        this(nodeId, nodeUrl, localNodeUrl, leaseTtl, healthCheckPath, healthCheckInterval, healthCheckTimeout,
                healthCheckFailures, assignmentHookPath, attributes, Optional.empty());
    }

    /** These settings with {@code nodeStateDir}. */
    public NodeSettings withNodeStateDir(Path dir) {
        return new NodeSettings(nodeId, nodeUrl, localNodeUrl, leaseTtl, healthCheckPath, healthCheckInterval,
                healthCheckTimeout, healthCheckFailures, assignmentHookPath, attributes, Optional.of(dir));
    }
}
