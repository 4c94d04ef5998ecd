package org.dtablecluster.metrics;

import static java.util.Objects.requireNonNull;

import java.util.function.LongSupplier;
import org.dtablecluster.view.ClusterView;
import org.dtablecluster.view.ConnectionState;

/** The cluster view every process has: its connection, staleness, age and what it shows. */
final class ViewCollectors {

    private static final double NANOS_PER_SECOND = 1e9;

    private ViewCollectors() {
    }

    static void register(ClusterMetrics metrics, ClusterView view, LongSupplier nanoTime) {
        requireNonNull(view, "view is null");
        requireNonNull(nanoTime, "nanoTime is null");
        metrics.gauge("dtable_cluster_view_connection_state",
                "1 for the view's state towards etcd (connected, suspended, lost), 0 for the others", "state",
                () -> ClusterMetrics.oneHot(ConnectionState.values(), view.connectionState()));
        metrics.gauge("dtable_cluster_view_staleness_seconds",
                "How long the view has been out of sync with etcd; 0 while connected",
                () -> view.staleness(nanoTime.getAsLong()).toNanos() / NANOS_PER_SECOND);
        metrics.gauge("dtable_cluster_view_snapshot_age_seconds",
                "Time since the view last built a snapshot (long when nothing changes)",
                () -> view.current().age(nanoTime.getAsLong()).toNanos() / NANOS_PER_SECOND);
        metrics.gauge("dtable_cluster_view_revision", "The etcd revision the view's snapshot reflects",
                () -> view.current().revision());
        metrics.gauge("dtable_cluster_live_nodes", "Live dtable-servers as the view sees them",
                () -> view.current().liveNodes().size());
        metrics.gauge("dtable_cluster_buckets_assigned",
                "Buckets the assign keys give each node (owners may not be live)", "node",
                () -> view.current().assignment().bucketCounts());
        metrics.gauge("dtable_cluster_buckets_without_live_owner",
                "Buckets whose owner is unset or not live; their requests get 503",
                () -> view.current().orphanedBuckets().size());
    }
}
