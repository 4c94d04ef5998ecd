package org.dtablecluster.view;

import static java.util.Objects.requireNonNull;

/**
 * A node's answer to one handoff: under {@code dtable-cluster/released/<xx>} the old owner says
 * its dtable-server has let the bucket go; under {@code dtable-cluster/accepted/<xx>} the new
 * owner says its dtable-server serves it. Both are written on the writer's lease.
 *
 * @param nodeId who answered
 * @param handoffRevision the {@link Handoff#modRevision()} answered
 */
public record HandoffAck(String nodeId, long handoffRevision) {

    public HandoffAck {
        requireNonNull(nodeId, "nodeId is null");
    }

    /** True when this answers {@code handoff} on behalf of {@code node}. */
    boolean answers(Handoff handoff, String node) {
        return handoff != null && handoffRevision == handoff.modRevision() && nodeId.equals(node);
    }
}
