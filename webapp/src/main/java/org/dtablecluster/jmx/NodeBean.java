package org.dtablecluster.jmx;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.dtablecluster.node.NodeStatus;

/** The Node MBean: the agent's {@link NodeStatus}, one attribute per field, and leave/rejoin. */
final class NodeBean implements NodeMXBean {

    private final NodeControl node;

    NodeBean(NodeControl node) {
        this.node = requireNonNull(node, "node is null");
    }

    @Override
    public String getNodeId() {
        return node.status().nodeId();
    }

    @Override
    public String getInstance() {
        return node.status().instance();
    }

    @Override
    public String getState() {
        return node.status().state().name();
    }

    @Override
    public boolean isRegistered() {
        return node.status().registered();
    }

    @Override
    public String getLeaseId() {
        String hex = node.status().leaseIdHex();
        return hex.isEmpty() ? null : hex;
    }

    @Override
    public long getLeaseGrants() {
        return node.status().leaseGrants();
    }

    @Override
    public boolean isClaiming() {
        return node.status().claiming();
    }

    @Override
    public String getLastKeepAlive() {
        return text(node.status().lastKeepAliveAt());
    }

    @Override
    public String getHealthProbeState() {
        return node.status().health().name();
    }

    @Override
    public int getConsecutiveHealthFailures() {
        return node.status().consecutiveHealthFailures();
    }

    @Override
    public String getOwnedBuckets() {
        return node.status().ownedBucketRanges();
    }

    @Override
    public int getOwnedBucketCount() {
        return node.status().ownedBuckets().size();
    }

    @Override
    public long getAssignmentRevision() {
        return node.status().assignmentRevision();
    }

    @Override
    public String getLastError() {
        return node.status().lastError();
    }

    @Override
    public String getLastErrorTime() {
        return text(node.status().lastErrorAt());
    }

    @Override
    public boolean isHandoff() {
        return node.status().handoff().enabled();
    }

    @Override
    public boolean isFenced() {
        return node.status().handoff().fenced();
    }

    @Override
    public String getValidUntil() {
        return text(node.status().handoff().validUntil());
    }

    @Override
    public int getConfirmedOwnedCount() {
        return node.status().handoff().confirmedOwned();
    }

    @Override
    public long getReleasesWritten() {
        return node.status().handoff().releasesWritten();
    }

    @Override
    public long getAcceptancesWritten() {
        return node.status().handoff().acceptancesWritten();
    }

    @Override
    public String leave() {
        node.leave();
        return summary(node.status());
    }

    @Override
    public String rejoin() {
        node.rejoin();
        return summary(node.status());
    }

    private static String summary(NodeStatus s) {
        return "registered=" + s.registered() + " claiming=" + s.claiming()
                + (s.leaseId() == 0 ? "" : " lease=" + s.leaseIdHex()) + " health=" + s.health();
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
