package org.dtablecluster.spi;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything a strategy may look at, as one immutable value.
 *
 * <h2>Drains and pins</h2>
 * The operator's intent arrives in {@link #drainedNodes()} and {@link #pins()}, as the monitor
 * reads them from etcd; both may name nodes that are not live. What they mean for a strategy is
 * summed up by four methods, so every strategy reads them the same way:
 * <ul>
 *   <li>{@link #eligibleNodes()}: the live nodes that may own buckets: every live node that is
 *       not drained. When <em>every</em> live node is drained, draining cannot be honoured (each
 *       bucket needs a live owner), so drains are void for that run and every live node is
 *       eligible again; the cluster keeps serving rather than failing every run;
 *   <li>{@link #pinnedOwner(int)}: the node a bucket must end on: its pin, if the pin's node is
 *       eligible. A pin to a node that is not live, or that is drained, is ignored;
 *   <li>{@link #stayingOwner(int)}: the current owner a repair must leave in place: live,
 *       eligible, and not overridden by a pin to another node;
 *   <li>{@link #pinnedCounts()}: how many buckets each eligible node must hold because of pins.
 * </ul>
 *
 * @param bucketCount how many buckets there are (256 in production)
 * @param current the owners as etcd has them now; some may be unowned, and some owners may be
 *     nodes that are no longer live
 * @param liveNodes the live nodes by node id, sorted, never empty (the monitor does not ask a
 *     strategy to assign buckets to nobody)
 * @param options the strategy's options from {@code strategy_options} in the configuration
 * @param kind why the monitor runs
 * @param drainedNodes the node ids the operator drained, sorted; live or not
 * @param pins bucket to the node id the operator pinned it to, sorted by bucket; the node may be
 *     live or not, drained or not
 */
public record AssignmentRequest(
        int bucketCount,
        Assignment current,
        SortedMap<String, NodeInfo> liveNodes,
        Map<String, String> options,
        RunKind kind,
        SortedSet<String> drainedNodes,
        SortedMap<Integer, String> pins) {

    public AssignmentRequest {
        requireNonNull(current, "current is null");
        requireNonNull(liveNodes, "liveNodes is null");
        requireNonNull(options, "options is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(drainedNodes, "drainedNodes is null");
        requireNonNull(pins, "pins is null");
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
        TreeSet<String> drained = new TreeSet<>();
        for (String id : drainedNodes) {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("drainedNodes has a blank node id");
            }
            drained.add(id);
        }
        drainedNodes = Collections.unmodifiableSortedSet(drained);
        TreeMap<Integer, String> pinned = new TreeMap<>();
        for (Map.Entry<Integer, String> pin : pins.entrySet()) {
            Integer bucket = pin.getKey();
            if (bucket == null || bucket < 0 || bucket >= bucketCount) {
                throw new IllegalArgumentException("pinned bucket must be in [0, "
                        + (bucketCount - 1) + "], was " + bucket);
            }
            if (pin.getValue() == null || pin.getValue().isBlank()) {
                throw new IllegalArgumentException(
                        "bucket " + Assignment.hex(bucket) + " is pinned to a blank node id");
            }
            pinned.put(bucket, pin.getValue());
        }
        pins = Collections.unmodifiableSortedMap(pinned);
    }

    /** A request without drains or pins: the constructor of plugins built before they existed. */
    public AssignmentRequest(int bucketCount, Assignment current, SortedMap<String, NodeInfo> liveNodes,
            Map<String, String> options, RunKind kind) {
        this(bucketCount, current, liveNodes, options, kind, Collections.emptySortedSet(),
                Collections.emptySortedMap());
    }

    /** A request built from a list of live nodes, with no options. */
    public static AssignmentRequest of(Assignment current, List<NodeInfo> liveNodes, RunKind kind) {
        return of(current, liveNodes, Map.of(), kind);
    }

    /** A request built from a list of live nodes, without drains or pins. */
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

    /** This request with the operator's drains and pins replaced by {@code drained} and {@code pinned}. */
    public AssignmentRequest withOperatorIntent(Set<String> drained, Map<Integer, String> pinned) {
        return new AssignmentRequest(bucketCount, current, liveNodes, options, kind,
                new TreeSet<>(requireNonNull(drained, "drained is null")),
                new TreeMap<>(requireNonNull(pinned, "pinned is null")));
    }

    /** True when {@code nodeId} is live. */
    public boolean isLive(String nodeId) {
        return nodeId != null && liveNodes.containsKey(nodeId);
    }

    /** The bucket's current owner if that owner is live (drained or not). */
    public Optional<String> liveOwner(int bucket) {
        String owner = current.ownerOrNull(bucket);
        return isLive(owner) ? Optional.of(owner) : Optional.empty();
    }

    /** The option's value, if configured. */
    public Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    /** True when the operator drained {@code nodeId}, whether or not it is live. */
    public boolean isDrained(String nodeId) {
        return nodeId != null && drainedNodes.contains(nodeId);
    }

    /**
     * True when every live node is drained, so that drains are void for this run: see the class
     * comment.
     */
    public boolean everyLiveNodeDrained() {
        return drainedNodes.size() >= liveNodes.size() && drainedNodes.containsAll(liveNodes.keySet());
    }

    /** True when {@code nodeId} may own buckets: live, and not drained unless every live node is. */
    public boolean isEligible(String nodeId) {
        return isLive(nodeId) && (!isDrained(nodeId) || everyLiveNodeDrained());
    }

    /** The live nodes that may own buckets, sorted by id; never empty. */
    public SortedMap<String, NodeInfo> eligibleNodes() {
        if (drainedNodes.isEmpty() || everyLiveNodeDrained()) {
            return liveNodes;
        }
        TreeMap<String, NodeInfo> eligible = new TreeMap<>(liveNodes);
        eligible.keySet().removeAll(drainedNodes);
        return Collections.unmodifiableSortedMap(eligible);
    }

    /** The node {@code bucket} must end on: its pin, when the pinned node is eligible. */
    public Optional<String> pinnedOwner(int bucket) {
        String node = pins.get(bucket);
        return isEligible(node) ? Optional.of(node) : Optional.empty();
    }

    /**
     * The bucket's current owner if a repair must leave it there: that owner is eligible, and the
     * bucket is not pinned to another eligible node.
     */
    public Optional<String> stayingOwner(int bucket) {
        String owner = current.ownerOrNull(bucket);
        if (!isEligible(owner)) {
            return Optional.empty();
        }
        String pin = pinnedOwner(bucket).orElse(owner);
        return pin.equals(owner) ? Optional.of(owner) : Optional.empty();
    }

    /** Every eligible node, sorted by id, with how many buckets its honoured pins give it (maybe 0). */
    public SortedMap<String, Integer> pinnedCounts() {
        TreeMap<String, Integer> counts = new TreeMap<>();
        eligibleNodes().keySet().forEach(id -> counts.put(id, 0));
        pins.forEach((bucket, node) -> {
            if (counts.containsKey(node)) {
                counts.merge(node, 1, Integer::sum);
            }
        });
        return Collections.unmodifiableSortedMap(counts);
    }
}
