package org.dtablecluster.jmx;

import javax.management.MBeanOperationInfo;

/** {@code org.dtablecluster:type=Node,name=<node_id>}: the node agent beside one dtable-server. */
@Description("The node agent of one dtable-server: its registration in etcd, its lease, the health probe and the"
        + " buckets the assign-xx keys give it.")
public interface NodeMXBean {

    @Description("The node id, which is also its etcd key, such as dtable-server-01.")
    String getNodeId();

    @Description("This process's instance field in the registration: host/pid/random.")
    String getInstance();

    @Description("The agent's lifecycle: LATENT, STARTED or CLOSED.")
    String getState();

    @Description("True when the node's key is in etcd on a lease this agent keeps alive.")
    boolean isRegistered();

    @Description("The lease holding the registration, in hex as etcdctl prints it; null when there is none.")
    String getLeaseId();

    @Description("Registrations that succeeded: 1 after start, one more for each new lease after a loss.")
    long getLeaseGrants();

    @Description("False after leave() until rejoin(): the node stays out of the cluster whatever its health.")
    boolean isClaiming();

    @Description("When etcd last confirmed the lease (ISO-8601, UTC); null before the first time.")
    String getLastKeepAlive();

    @Description("What the health probe last concluded: UNKNOWN, HEALTHY, FAILING (still registered) or UNHEALTHY"
            + " (registration given up).")
    String getHealthProbeState();

    @Description("Health probe failures in a row.")
    int getConsecutiveHealthFailures();

    @Description("The buckets the assign-xx keys give this node, as hex ranges such as 00-3f,80; none when it owns none.")
    String getOwnedBuckets();

    @Description("How many buckets the assign-xx keys give this node.")
    int getOwnedBucketCount();

    @Description("The etcd revision of the newest cluster view the agent has seen; -1 before the first.")
    long getAssignmentRevision();

    @Description("The newest problem with etcd, the lease or the assignment hook; null when none yet.")
    String getLastError();

    @Description("When the newest problem happened (ISO-8601, UTC); null when none yet.")
    String getLastErrorTime();

    @Description("True when the agent tells its dtable-server what it owns through assignment_hook_path and so"
            + " registers the handoff capability; false: best effort, nothing below applies.")
    boolean isHandoff();

    @Description("True when no keep-alive was acknowledged for lease_ttl_seconds - fence_margin_seconds: the"
            + " dtable-server was told to serve nothing until the agent registers again.")
    boolean isFenced();

    @Description("The latest valid_until_ms handed to the dtable-server with buckets to serve (ISO-8601, UTC);"
            + " null when none.")
    String getValidUntil();

    @Description("How many buckets the dtable-server last confirmed serving; -1 before its first confirmation.")
    int getConfirmedOwnedCount();

    @Description("released/xx keys written since start: buckets this node's server released for a handoff.")
    long getReleasesWritten();

    @Description("accepted/xx keys written since start: buckets this node's server took over in a handoff.")
    long getAcceptancesWritten();

    @Description(value = "Leaves the cluster: revokes the lease so the node's buckets move now, and stays out until"
            + " rejoin(). Returns the new state.", impact = MBeanOperationInfo.ACTION)
    String leave();

    @Description(value = "Rejoins after leave(): registers with a new lease (unless the health probe says the"
            + " dtable-server is down). Returns the new state.", impact = MBeanOperationInfo.ACTION)
    String rejoin();
}
