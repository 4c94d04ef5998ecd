package org.dtablecluster.node;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * What a {@link NodeAgent} is doing, as one consistent, read-only value (for JMX and the admin
 * page). Taken on the agent's own thread, so the fields agree with each other.
 *
 * @param nodeId the node id
 * @param instance this process's {@code instance} field: {@code host/pid/random}
 * @param state the agent's lifecycle state
 * @param registered whether our key is in etcd on a lease we keep alive
 * @param leaseId that lease, 0 when none; etcdctl shows it in hex ({@link #leaseIdHex()})
 * @param leaseGrants how many registrations succeeded: 1 after start, one more per re-grant
 * @param claiming false after {@link NodeAgent#leave()} until {@link NodeAgent#rejoin()}
 * @param lastKeepAliveAt when etcd last confirmed the lease; {@code null} before the first time
 * @param health what the health probe last concluded
 * @param consecutiveHealthFailures probe failures in a row
 * @param ownedBuckets the buckets the {@code assign-xx} keys give this node, ascending
 * @param assignmentRevision the etcd revision of the newest snapshot seen; -1 before the first
 * @param lastError the newest problem (etcd, lease, hook), or {@code null} when none yet
 * @param lastErrorAt when it happened, or {@code null}
 * @param handoff fencing, the server's deadline and the handoff answers; {@link HandoffStatus#OFF}
 *     without a hook
 */
public record NodeStatus(
        String nodeId,
        String instance,
        NodeAgent.State state,
        boolean registered,
        long leaseId,
        long leaseGrants,
        boolean claiming,
        Instant lastKeepAliveAt,
        HealthState health,
        int consecutiveHealthFailures,
        List<Integer> ownedBuckets,
        long assignmentRevision,
        String lastError,
        Instant lastErrorAt,
        HandoffStatus handoff) {

    public NodeStatus {
        requireNonNull(nodeId, "nodeId is null");
        requireNonNull(instance, "instance is null");
        requireNonNull(state, "state is null");
        requireNonNull(health, "health is null");
        requireNonNull(handoff, "handoff is null");
        ownedBuckets = List.copyOf(requireNonNull(ownedBuckets, "ownedBuckets is null"));
    }

    /** The lease id as etcdctl prints it; empty when none. */
    public String leaseIdHex() {
        return leaseId == 0 ? "" : Long.toHexString(leaseId);
    }

    /** The owned buckets as hex ranges, such as {@code 00-3f,80}. */
    public String ownedBucketRanges() {
        return BucketRanges.format(ownedBuckets);
    }
}
