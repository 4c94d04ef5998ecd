package org.dtablecluster.monitor;

import java.util.Optional;
import org.dtablecluster.monitor.OperatorResult.Status;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.view.ClusterSnapshot;
import org.dtablecluster.view.OperatorIntent;

/**
 * Whether an operator's command may run against a snapshot; pure. Refused: a drain or undrain of
 * a node the cluster does not know (404), draining the last live node that is not drained, and
 * a pin to a node that is drained, dead or unknown (409). A node is known when it is live, owns
 * a bucket in the assign keys, or is drained.
 */
final class OperatorChecks {

    private OperatorChecks() {
    }

    /** Why it is refused, as a status and a reason; empty when it may run. */
    record Refusal(Status status, String reason) {
    }

    static Optional<Refusal> check(OperatorCommand command, ClusterSnapshot snapshot) {
        OperatorIntent intent = snapshot.intent();
        if (command instanceof OperatorCommand.Drain d) {
            if (!isKnown(d.nodeId(), snapshot)) {
                return refuse(Status.NOT_FOUND, d.nodeId() + " is not a node of this cluster: it is not registered,"
                        + " owns no bucket and is not drained");
            }
            boolean othersEligible = snapshot.liveNodes().keySet().stream()
                    .anyMatch(n -> !n.equals(d.nodeId()) && !intent.isDrained(n));
            if (snapshot.liveNodes().containsKey(d.nodeId()) && !intent.isDrained(d.nodeId()) && !othersEligible) {
                return refuse(Status.CONFLICT, d.nodeId() + " is the last live node that is not drained; every"
                        + " bucket needs a live owner: undrain or start another node first");
            }
        } else if (command instanceof OperatorCommand.Undrain u) {
            if (!isKnown(u.nodeId(), snapshot)) {
                return refuse(Status.NOT_FOUND, u.nodeId() + " is not a node of this cluster: it is not registered,"
                        + " owns no bucket and is not drained");
            }
        } else if (command instanceof OperatorCommand.Pin p) {
            String bucket = Assignment.hex(p.bucket());
            if (intent.isDrained(p.nodeId())) {
                return refuse(Status.CONFLICT, "cannot pin bucket " + bucket + " to " + p.nodeId()
                        + ": it is drained; undrain it first");
            }
            if (!snapshot.liveNodes().containsKey(p.nodeId())) {
                return refuse(Status.CONFLICT, "cannot pin bucket " + bucket + " to " + p.nodeId() + ": "
                        + (isKnown(p.nodeId(), snapshot) ? "it is not live (no registration in etcd)"
                                : "no such node is registered"));
            }
        }
        return Optional.empty();
    }

    private static boolean isKnown(String nodeId, ClusterSnapshot snapshot) {
        return snapshot.liveNodes().containsKey(nodeId) || snapshot.intent().isDrained(nodeId)
                || snapshot.assignment().owners().contains(nodeId);
    }

    private static Optional<Refusal> refuse(Status status, String reason) {
        return Optional.of(new Refusal(status, reason));
    }
}
