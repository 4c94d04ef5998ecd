package org.dtablecluster.monitor;

import static java.util.Objects.requireNonNull;

import org.dtablecluster.monitor.RunPlanner.Plan;
import org.dtablecluster.view.ClusterSnapshot;

/** What {@link RunPipeline#plan} found: moves to apply, or why there are none. */
sealed interface Planning {

    /** What was planned from; null only when the view had not caught up with our own write. */
    ClusterSnapshot snapshot();

    /** The moves to apply, planned from {@code snapshot}. */
    record Ready(ClusterSnapshot snapshot, Plan plan) implements Planning {
        public Ready {
            requireNonNull(snapshot, "snapshot is null");
            requireNonNull(plan, "plan is null");
        }
    }

    /** No node is live: the assign keys stay as they are, so the nodes get their buckets back. */
    record NoLiveNodes(ClusterSnapshot snapshot) implements Planning {
        public NoLiveNodes {
            requireNonNull(snapshot, "snapshot is null");
        }
    }

    /** Not now: the re-registration grace runs. */
    record NotReady(ClusterSnapshot snapshot, String reason) implements Planning {
        public NotReady {
            requireNonNull(snapshot, "snapshot is null");
            requireNonNull(reason, "reason is null");
        }
    }

    /** The view is behind our own write, or the strategy failed; {@code snapshot} is null in the first case. */
    record Failed(ClusterSnapshot snapshot, String error) implements Planning {
        public Failed {
            requireNonNull(error, "error is null");
        }
    }
}
