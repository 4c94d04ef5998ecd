package org.dtablecluster.jmx;

import java.util.List;
import java.util.Map;
import javax.management.MBeanOperationInfo;

/** {@code org.dtablecluster:type=Monitor}: the monitor role of this process. */
@Description("The monitor of this proxy process: its part in the leader election and its runs over the bucket"
        + " assignment. Only the leader writes assign-xx keys.")
public interface MonitorMXBean {

    @Description("True when this instance leads the monitors and so owns the bucket assignment.")
    boolean isLeader();

    @Description("The leading monitor's instance id (host:pid), this one or another; null when no leader is known.")
    String getLeaderId();

    @Description("This monitor's id in the election: host:pid.")
    String getInstanceId();

    @Description("The assignment strategy plugin this monitor runs, by name.")
    String getStrategy();

    @Description("True while the cluster view follows etcd; no run happens while it does not.")
    boolean isInSync();

    @Description("While the re-registration grace runs, when it ends (ISO-8601); null otherwise. Until then,"
            + " buckets of nodes that have not registered again keep their owner.")
    String getGraceUntil();

    @Description("When this instance's latest run started (ISO-8601, UTC); null before the first run.")
    String getLastRunTime();

    @Description("Kind of the latest run: REPAIR (only buckets without a live owner move) or REBALANCE; null"
            + " before the first run.")
    String getLastRunKind();

    @Description("What started the latest run, such as membership, interval, elected, rebalance; null before the"
            + " first run.")
    String getLastRunTrigger();

    @Description("How many buckets the latest run moved (written to etcd); 0 before the first run.")
    int getLastRunMoves();

    @Description("Why the latest run failed (strategy error, etcd refusal, lost leadership); null when it did not.")
    String getLastRunError();

    @Description("The etcd revision the latest run wrote; 0 when it wrote nothing.")
    long getLastRunRevision();

    @Description("The etcd revision of the cluster view (registrations and assign-xx keys) this process sees.")
    long getAssignmentRevision();

    @Description("Buckets per owning node id as the assign-xx keys have them; an owner may not be live.")
    Map<String, Integer> getBucketsPerNode();

    @Description("Buckets with no assign-xx key at all.")
    int getUnownedBuckets();

    @Description("Runs this instance made since it started.")
    long getRuns();

    @Description("etcd transactions this instance wrote since it started.")
    long getTransactions();

    @Description("Buckets in handoff now, one line each: bucket, from->to, term, since (ISO-8601), released,"
            + " accepted. assign-xx flips once the old owner released and the new one accepted.")
    List<String> getHandoffs();

    @Description("Moves this leader wants that wait for a free handoff slot (max_concurrent_handoffs).")
    int getHandoffsPending();

    @Description("Handoffs this instance opened since it started.")
    long getHandoffsStarted();

    @Description("Handoffs this instance completed by writing the new owner to assign-xx.")
    long getHandoffsCompleted();

    @Description("Handoffs this instance cancelled (the bucket stayed with its owner).")
    long getHandoffsCancelled();

    @Description("The latest cancelled handoffs, oldest first, one line each: bucket, from->to, when, why.")
    List<String> getRecentCancelledHandoffs();

    @Description(value = "Rebalances now, if this instance leads: runs the strategy in rebalance mode and writes"
            + " the moves (through handoffs where the owner releases; they run on). Returns JSON: outcome (APPLIED, NOT_LEADER, NOT_READY, FAILED), moves, counts,"
            + " revision, leader, error.", impact = MBeanOperationInfo.ACTION)
    String rebalance();

    @Description(value = "The moves rebalance() would make now, without writing anything; works on any instance."
            + " Returns JSON like rebalance(), with outcome PLANNED.", impact = MBeanOperationInfo.INFO)
    String dryRunRebalance();

    @Description(value = "Asks for a repair run now (buckets without a live owner get one). Returns true when this"
            + " instance leads, so the run happens here; false means nothing runs here.",
            impact = MBeanOperationInfo.ACTION)
    boolean refresh();

    @Description(value = "Drains a node, if this instance leads: writes dtable-cluster/drained/<nodeId>, then"
            + " rebalances, so every bucket moves off the node (through handoffs) and none comes back until"
            + " undrain. Refused for an unknown node and for the last live node that is not drained. Returns JSON"
            + " as POST /nodes/{node_id}/drain: outcome (APPLIED, CONFLICT, NOT_FOUND, NOT_LEADER, NOT_READY,"
            + " FAILED), changed, moves, counts, revision, leader, error, message.",
            impact = MBeanOperationInfo.ACTION)
    String drain(String nodeId);

    @Description(value = "Lifts a node's drain, if this instance leads: deletes dtable-cluster/drained/<nodeId>,"
            + " then rebalances so the node gets its share back. Returns JSON as POST /nodes/{node_id}/undrain.",
            impact = MBeanOperationInfo.ACTION)
    String undrain(String nodeId);

    @Description(value = "Pins a bucket to a node, if this instance leads: writes dtable-cluster/pinned/<xx>, then"
            + " rebalances, so the bucket moves there and stays while the node is live and not drained. Refused"
            + " (CONFLICT) for a drained, dead or unknown node. Returns JSON as PUT /buckets/{xx}/pin.",
            impact = MBeanOperationInfo.ACTION)
    String pin(String bucketHex,
            String nodeId);

    @Description(value = "Lifts a bucket's pin, if this instance leads: deletes dtable-cluster/pinned/<xx>, then"
            + " rebalances. Returns JSON as DELETE /buckets/{xx}/pin.", impact = MBeanOperationInfo.ACTION)
    String unpin(String bucketHex);
}
