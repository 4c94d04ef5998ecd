package org.dtablecluster.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.time.Duration;
import org.dtablecluster.monitor.HandoffTimings.Outcome;
import org.dtablecluster.testing.PrometheusText;
import org.junit.jupiter.api.Test;

/** The handoff duration histogram: both outcomes from the start, each observation in its outcome's series. */
class HandoffDurationsTest {

    private final ClusterMetrics metrics = new ClusterMetrics();

    @Test
    void bothOutcomesAreThereAtZeroBeforeAnyHandoffEnded() throws IOException {
        HandoffDurations.register(metrics);

        PrometheusText p = ClusterMetricsTest.scrape(metrics);

        assertEquals("histogram", p.family("dtable_cluster_handoff_duration_seconds").type());
        assertEquals(0, p.value("dtable_cluster_handoff_duration_seconds_count", "outcome", "completed"));
        assertEquals(0, p.value("dtable_cluster_handoff_duration_seconds_count", "outcome", "cancelled"));
    }

    @Test
    void eachEndedHandoffIsObservedInSecondsUnderItsOutcome() throws IOException {
        HandoffDurations d = HandoffDurations.register(metrics);
        d.ended(Outcome.COMPLETED, Duration.ofMillis(400));
        d.ended(Outcome.COMPLETED, Duration.ofSeconds(3));
        d.ended(Outcome.CANCELLED, Duration.ofSeconds(31));

        PrometheusText p = ClusterMetricsTest.scrape(metrics);

        String name = "dtable_cluster_handoff_duration_seconds";
        assertEquals(2, p.value(name + "_count", "outcome", "completed"));
        assertEquals(3.4, p.value(name + "_sum", "outcome", "completed"), 1e-9);
        assertEquals(1, p.value(name + "_bucket", "outcome", "completed", "le", "0.5"));
        assertEquals(2, p.value(name + "_bucket", "outcome", "completed", "le", "5.0"));
        assertEquals(1, p.value(name + "_count", "outcome", "cancelled"));
        assertEquals(0, p.value(name + "_bucket", "outcome", "cancelled", "le", "30.0"));
        assertEquals(1, p.value(name + "_bucket", "outcome", "cancelled", "le", "45.0"));
        assertEquals(HandoffDurations.BUCKETS.length + 1, p.samples(name + "_bucket").stream()
                .filter(s -> s.labels().get("outcome").equals("cancelled")).count(), "classic buckets, +Inf included");
    }
}
