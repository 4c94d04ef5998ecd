package org.dtablecluster.admin;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.dtablecluster.monitor.MonitorStatus;
import org.dtablecluster.monitor.RunRecord;
import org.dtablecluster.node.NodeStatus;
import org.dtablecluster.proxy.ProxyMetrics;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.view.ClusterSnapshot;
import org.dtablecluster.view.NodeEntry;

/**
 * One reading of everything the admin endpoints show, so that the JSON and the page of one
 * request agree with themselves.
 *
 * @param at when it was read
 * @param snapshot the cluster view: live nodes and assign-xx keys
 * @param inSync whether the view followed etcd at that moment
 * @param monitor the monitor's status, without the monitor role empty
 * @param recentRuns the monitor's latest runs, oldest first
 * @param proxy the proxy's counters, without the proxy role empty
 * @param node the node agent's status, without the node role empty
 */
record ClusterReport(
        Instant at,
        ClusterSnapshot snapshot,
        boolean inSync,
        Optional<MonitorStatus> monitor,
        List<RunRecord> recentRuns,
        Optional<ProxyMetrics> proxy,
        Optional<NodeStatus> node) {

    ClusterReport {
        requireNonNull(at, "at is null");
        requireNonNull(snapshot, "snapshot is null");
        requireNonNull(monitor, "monitor is null");
        recentRuns = List.copyOf(requireNonNull(recentRuns, "recentRuns is null"));
        requireNonNull(proxy, "proxy is null");
        requireNonNull(node, "node is null");
    }

    /**
     * A node as the admin shows it: live, or named as owner in assign-xx keys, or both.
     *
     * @param nodeId its id
     * @param entry its registration, when live
     * @param buckets how many assign-xx keys name it
     */
    record NodeRow(String nodeId, Optional<NodeEntry> entry, int buckets) {
        boolean live() {
            return entry.isPresent();
        }
    }

    /** Live nodes and owners that are not live, by node id. */
    List<NodeRow> nodes() {
        Map<String, Integer> counts = snapshot.assignment().bucketCounts();
        Map<String, NodeRow> rows = new TreeMap<>();
        snapshot.liveNodes().forEach((id, entry) -> rows.put(id, new NodeRow(id, Optional.of(entry),
                counts.getOrDefault(id, 0))));
        counts.forEach((id, n) -> rows.putIfAbsent(id, new NodeRow(id, Optional.empty(), n)));
        return List.copyOf(new ArrayList<>(rows.values()));
    }

    /** The leading monitor, when this process runs a monitor and a leader is known. */
    Optional<String> leader() {
        return monitor.flatMap(MonitorStatus::leaderId);
    }

    /**
     * The latest run that moved buckets or failed, among the recent ones. The monitor also
     * records every idle repair (one per interval), so the latest run alone rarely says what
     * last happened to the assignment.
     */
    Optional<RunRecord> lastChange() {
        for (int i = recentRuns.size() - 1; i >= 0; i--) {
            RunRecord r = recentRuns.get(i);
            if (!r.moves().isEmpty() || r.failed()) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** Buckets whose assign key is missing or names a node that is not live. */
    int bucketsWithoutLiveOwner() {
        return snapshot.orphanedBuckets().size();
    }

    /** Buckets with no assign key at all. */
    int unassignedBuckets() {
        return (int) snapshot.assignment().owners().stream().filter(o -> o == null).count();
    }

    int bucketCount() {
        return snapshot.assignment().bucketCount();
    }

    static String hex(int bucket) {
        return Assignment.hex(bucket);
    }
}
