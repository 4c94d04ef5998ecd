package org.dtablecluster.spi;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything a strategy may look at, as one immutable value.
 *
 * @param bucketCount how many buckets there are (256 in production)
 * @param current the owners as etcd has them now; some may be unowned, and some owners may be
 *     nodes that are no longer live
 * @param liveNodes the live nodes by node id, sorted, never empty (the monitor does not ask a
 *     strategy to assign buckets to nobody)
 * @param options the strategy's options from {@code strategy_options} in the configuration
 * @param kind why the monitor runs
 */
public record AssignmentRequest(
        int bucketCount,
        Assignment current,
        SortedMap<String, NodeInfo> liveNodes,
        Map<String, String> options,
        RunKind kind) {

    public AssignmentRequest {
        requireNonNull(current, "current is null");
        requireNonNull(liveNodes, "liveNodes is null");
        requireNonNull(options, "options is null");
        requireNonNull(kind, "kind is null");
        if (current.bucketCount() != bucketCount) {
            throw new IllegalArgumentException("current assignment has "
                    + current.bucketCount() + " buckets, expected " + bucketCount);
        }
        if (liveNodes.isEmpty()) {
            throw new IllegalArgumentException("liveNodes is empty");
        }
        TreeMap<String, NodeInfo> nodes = new TreeMap<>();
        liveNodes.forEach((id, node) -> {
            if (!id.equals(node.nodeId())) {
                throw new IllegalArgumentException(
                        "liveNodes key " + id + " names node " + node.nodeId());
            }
            nodes.put(id, node);
        });
        liveNodes = Collections.unmodifiableSortedMap(nodes);
        // Sorted, so a strategy that iterates options gives the same answer in every JVM.
        options = Collections.unmodifiableSortedMap(new TreeMap<>(options));
    }

    /** A request built from a list of live nodes, with no options. */
    public static AssignmentRequest of(Assignment current, List<NodeInfo> liveNodes, RunKind kind) {
        return of(current, liveNodes, Map.of(), kind);
    }

    /** A request built from a list of live nodes. */
    public static AssignmentRequest of(
            Assignment current, List<NodeInfo> liveNodes, Map<String, String> options, RunKind kind) {
        TreeMap<String, NodeInfo> nodes = new TreeMap<>();
        for (NodeInfo n : liveNodes) {
            if (nodes.put(n.nodeId(), n) != null) {
                throw new IllegalArgumentException("node " + n.nodeId() + " is listed twice");
            }
        }
        return new AssignmentRequest(current.bucketCount(), current, nodes, options, kind);
    }

    /** True when {@code nodeId} is live. */
    public boolean isLive(String nodeId) {
        return nodeId != null && liveNodes.containsKey(nodeId);
    }

    /** The bucket's current owner if that owner is live. */
    public Optional<String> liveOwner(int bucket) {
        String owner = current.ownerOrNull(bucket);
        return isLive(owner) ? Optional.of(owner) : Optional.empty();
    }

    /** The option's value, if configured. */
    public Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }
}
