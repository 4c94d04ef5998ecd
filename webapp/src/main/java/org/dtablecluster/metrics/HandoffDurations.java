package org.dtablecluster.metrics;

import static java.util.Objects.requireNonNull;

import io.prometheus.metrics.core.metrics.Histogram;
import java.time.Duration;
import org.dtablecluster.monitor.HandoffTimings;

/**
 * {@code dtable_cluster_handoff_duration_seconds}: how long the leader's handoffs took from their
 * start to their flip ({@code outcome="completed"}) or cancel ({@code outcome="cancelled"}). The
 * only monitor metric recorded as it happens, because a distribution cannot be read back from
 * counts at scrape time. Both series exist from the start, at zero.
 */
public final class HandoffDurations implements HandoffTimings {

    /** From 50 ms (both owners answered at once) past the 30 s default handoff timeout to 5 min. */
    static final double[] BUCKETS = {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 45, 60, 120, 300};

    private final Histogram histogram;

    private HandoffDurations(Histogram histogram) {
        this.histogram = histogram;
    }

    /** Adds the histogram to {@code metrics}; hand the result to the monitor. */
    public static HandoffDurations register(ClusterMetrics metrics) {
        Histogram h = requireNonNull(metrics, "metrics is null").durationHistogram(
                "dtable_cluster_handoff_duration_seconds",
                "Time from a handoff's start to its flip (completed) or its cancel, as this process's monitor led",
                BUCKETS, "outcome");
        for (Outcome o : Outcome.values()) {
            h.initLabelValues(o.label());
        }
        return new HandoffDurations(h);
    }

    @Override
    public void ended(Outcome outcome, Duration took) {
        histogram.labelValues(outcome.label()).observe(took.toNanos() / 1e9);
    }
}
