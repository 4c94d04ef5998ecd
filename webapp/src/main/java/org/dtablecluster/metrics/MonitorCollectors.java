package org.dtablecluster.metrics;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.function.Supplier;
import org.dtablecluster.monitor.MonitorStatus;
import org.dtablecluster.monitor.RunRecord;

/** The monitor's status and runs ({@code Monitor.status()}, {@code recentRuns()}), read at each scrape. */
final class MonitorCollectors {

    private MonitorCollectors() {
    }

    static void register(ClusterMetrics metrics, Supplier<MonitorStatus> status, Supplier<List<RunRecord>> recentRuns) {
        requireNonNull(status, "status is null");
        requireNonNull(recentRuns, "recentRuns is null");
        RunTally tally = new RunTally();
        metrics.gauge("dtable_cluster_monitor_leader", "1 while this process's monitor leads, else 0",
                () -> status.get().leader() ? 1 : 0);
        metrics.counter("dtable_cluster_monitor_runs_total", "Monitor runs this process made since start",
                () -> status.get().runs());
        metrics.counter("dtable_cluster_monitor_transactions_total",
                "Assignment transactions this process's monitor committed since start",
                () -> status.get().transactions());
        metrics.counter("dtable_cluster_monitor_moves_total",
                "Bucket owner changes this process's monitor wrote, by run kind (repair, rebalance)", "kind",
                () -> {
                    tally.update(recentRuns.get());
                    return tally.movesByKind();
                });
        metrics.counter("dtable_cluster_monitor_run_failures_total",
                "Monitor runs that failed (strategy, etcd or lost leadership)", () -> {
                    tally.update(recentRuns.get());
                    return tally.failedRuns();
                });
        metrics.gauge("dtable_cluster_monitor_unowned_buckets",
                "Buckets with no assign key, as this monitor sees them", () -> status.get().unownedBuckets());
        metrics.counter("dtable_cluster_handoffs_total",
                "Handoffs this process's monitor started, completed and cancelled since start", "outcome", () -> {
                    org.dtablecluster.monitor.HandoffStatus h = status.get().handoffs();
                    return java.util.Map.of("started", h.started(), "completed", h.completed(),
                            "cancelled", h.cancelled());
                });
        metrics.gauge("dtable_cluster_handoffs_open", "Handoffs open now, as this monitor sees them",
                () -> status.get().handoffs().open().size());
    }

}
