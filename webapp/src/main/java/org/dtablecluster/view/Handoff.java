package org.dtablecluster.view;

import static java.util.Objects.requireNonNull;

import org.dtablecluster.spi.Assignment;

/**
 * A bucket on its way from one node to another, as the monitor leader wrote it under
 * {@code dtable-cluster/handoff/<xx>}. While it exists the proxies hold the bucket's new requests;
 * {@code assign-xx} keeps naming {@link #from()} until the leader flips it.
 *
 * @param bucket the bucket, 0 to 255
 * @param from the owner that must release it
 * @param to the node that takes it once released
 * @param term the leader's term (its election revision) that started the move
 * @param startedEpochMs when the leader started it, wall clock
 * @param modRevision the etcd revision of the handoff key; releases and acceptances name it, so a
 *     late answer to an earlier handoff of the same bucket never counts for a later one
 */
public record Handoff(int bucket, String from, String to, long term, long startedEpochMs, long modRevision) {

    public Handoff {
        if (bucket < 0 || bucket >= Assignment.BUCKETS) {
            throw new IllegalArgumentException("bucket must be 0.." + (Assignment.BUCKETS - 1) + ", was " + bucket);
        }
        requireNonNull(from, "from is null");
        requireNonNull(to, "to is null");
        if (from.equals(to)) {
            throw new IllegalArgumentException("a handoff needs two nodes, was " + from + " to itself");
        }
    }

    /** The bucket as SeaTable spells it: two lowercase hex digits. */
    public String hex() {
        return Assignment.hex(bucket);
    }

    @Override
    public String toString() {
        return "handoff[" + hex() + " " + from + "->" + to + " term=" + term + " rev=" + modRevision + "]";
    }
}
