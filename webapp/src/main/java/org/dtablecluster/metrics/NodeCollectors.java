package org.dtablecluster.metrics;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.dtablecluster.node.HealthState;
import org.dtablecluster.node.NodeStatus;

/**
 * The node agent's registration and lease ({@code NodeAgent.status()} and the monotonic instant of
 * the last acknowledged keep-alive), read at each scrape, labelled with the node id.
 */
final class NodeCollectors {

    private static final double NANOS_PER_SECOND = 1e9;

    private NodeCollectors() {
    }

    static void register(ClusterMetrics metrics, String nodeId, Supplier<NodeStatus> status,
            Supplier<OptionalLong> lastAckedKeepAliveSentNanos, LongSupplier nanoTime) {
        requireNonNull(nodeId, "nodeId is null");
        requireNonNull(status, "status is null");
        requireNonNull(lastAckedKeepAliveSentNanos, "lastAckedKeepAliveSentNanos is null");
        requireNonNull(nanoTime, "nanoTime is null");
        metrics.gauge("dtable_cluster_node_registered",
                "1 while this node's key is in etcd on a lease kept alive", "node",
                () -> Map.of(nodeId, status.get().registered() ? 1 : 0));
        metrics.gauge("dtable_cluster_node_lease_present", "1 while the node agent holds a lease id", "node",
                () -> Map.of(nodeId, status.get().leaseId() != 0 ? 1 : 0));
        metrics.gauge("dtable_cluster_node_lease_keepalive_age_seconds",
                "Time since the newest keep-alive etcd acknowledged was sent; absent without a lease", "node",
                () -> {
                    OptionalLong sent = lastAckedKeepAliveSentNanos.get();
                    return sent.isEmpty() ? Map.of()
                            : Map.of(nodeId, Math.max(0, nanoTime.getAsLong() - sent.getAsLong()) / NANOS_PER_SECOND);
                });
        metrics.counter("dtable_cluster_node_lease_grants_total",
                "Successful registrations: 1 after start, one more per new lease", "node",
                () -> Map.of(nodeId, status.get().leaseGrants()));
        metrics.gauge("dtable_cluster_node_health_state",
                "1 for the health probe's last conclusion (unknown, healthy, failing, unhealthy), 0 for the others",
                "state", () -> ClusterMetrics.oneHot(HealthState.values(), status.get().health()));
        metrics.gauge("dtable_cluster_node_owned_buckets", "Buckets the assign keys give this node", "node",
                () -> Map.of(nodeId, status.get().ownedBuckets().size()));
    }
}
