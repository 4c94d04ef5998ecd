package org.dtablecluster.view;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.dtablecluster.spi.Assignment;

/**
 * What operators asked for, as etcd has it: drained nodes ({@code dtable-cluster/drained/<node_id>})
 * and pinned buckets ({@code dtable-cluster/pinned/<xx>}). The strategy gets both with every run;
 * a drained node may be dead, a pin may name a node that is dead or drained by now.
 *
 * @param drained node id to who drained it and when, sorted
 * @param pins bucket to the node it is pinned to, sorted
 */
public record OperatorIntent(SortedMap<String, Drain> drained, SortedMap<Integer, String> pins) {

    private static final OperatorIntent NONE = new OperatorIntent(Map.of(), Map.of());

    /** Who drained a node and when; both optional, since the key alone is what counts. */
    public record Drain(Optional<String> by, Optional<Instant> at) {
        public Drain {
            requireNonNull(by, "by is null");
            requireNonNull(at, "at is null");
        }

        public static Drain unknown() {
            return new Drain(Optional.empty(), Optional.empty());
        }
    }

    public OperatorIntent(Map<String, Drain> drained, Map<Integer, String> pins) {
        this(Collections.unmodifiableSortedMap(new TreeMap<>(requireNonNull(drained, "drained is null"))),
                Collections.unmodifiableSortedMap(new TreeMap<>(requireNonNull(pins, "pins is null"))));
    }

    public OperatorIntent {
        requireNonNull(drained, "drained is null");
        requireNonNull(pins, "pins is null");
        drained.keySet().forEach(NodeId::check);
        pins.forEach((bucket, node) -> {
            if (bucket < 0 || bucket >= Assignment.BUCKETS) {
                throw new IllegalArgumentException("pinned bucket must be in [0, " + (Assignment.BUCKETS - 1)
                        + "], was " + bucket);
            }
            NodeId.check(node);
        });
    }

    /** No drains, no pins. */
    public static OperatorIntent none() {
        return NONE;
    }

    /** The drained node ids, sorted. */
    public SortedSet<String> drainedIds() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(drained.keySet()));
    }

    public boolean isDrained(String nodeId) {
        return drained.containsKey(nodeId);
    }

    /** With {@code nodeId} drained as {@code drain}. */
    public OperatorIntent withDrain(String nodeId, Drain drain) {
        Map<String, Drain> d = new TreeMap<>(drained);
        d.put(nodeId, drain);
        return new OperatorIntent(d, pins);
    }

    /** Without a drain of {@code nodeId}. */
    public OperatorIntent withoutDrain(String nodeId) {
        Map<String, Drain> d = new TreeMap<>(drained);
        d.remove(nodeId);
        return new OperatorIntent(d, pins);
    }

    /** With {@code bucket} pinned to {@code nodeId}. */
    public OperatorIntent withPin(int bucket, String nodeId) {
        Map<Integer, String> p = new TreeMap<>(pins);
        p.put(bucket, nodeId);
        return new OperatorIntent(drained, p);
    }

    /** Without a pin of {@code bucket}. */
    public OperatorIntent withoutPin(int bucket) {
        Map<Integer, String> p = new TreeMap<>(pins);
        p.remove(bucket);
        return new OperatorIntent(drained, p);
    }
}
