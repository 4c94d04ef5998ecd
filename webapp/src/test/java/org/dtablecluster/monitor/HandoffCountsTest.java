package org.dtablecluster.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dtablecluster.monitor.HandoffTimings.Outcome;
import org.dtablecluster.view.Handoff;
import org.junit.jupiter.api.Test;

/** Each handoff that ends is counted and timed from the start its key names to its flip or cancel. */
class HandoffCountsTest {

    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

    private record Timed(Outcome outcome, Duration took) {
    }

    private final List<Timed> timed = new ArrayList<>();
    private final HandoffCounts counts = new HandoffCounts((o, d) -> timed.add(new Timed(o, d)));

    private static Handoff startedAgo(int bucket, long millis) {
        return new Handoff(bucket, "dtable-server-01", "dtable-server-02", 7, NOW.toEpochMilli() - millis, 100 + bucket);
    }

    @Test
    void aFlipAndACancelAreTimedFromTheStartInTheirKeys() {
        counts.started();
        counts.started();
        counts.completed(startedAgo(0x10, 1_250), NOW);
        counts.cancelled(startedAgo(0x11, 30_400), "timeout", NOW);

        assertEquals(List.of(new Timed(Outcome.COMPLETED, Duration.ofMillis(1_250)),
                new Timed(Outcome.CANCELLED, Duration.ofMillis(30_400))), timed);
        assertEquals(2, counts.startedCount());
        assertEquals(1, counts.completedCount());
        assertEquals(1, counts.cancelledCount());
        assertEquals("timeout", counts.recentCancels().get(0).reason());
    }

    @Test
    void aHandoffWithoutAStartTimeIsCountedButNotTimed() {
        Handoff noStart = new Handoff(0x20, "dtable-server-01", "dtable-server-02", 7, 0, 120);

        counts.completed(noStart, NOW);
        counts.cancelled(noStart, "old owner gone", NOW);

        assertEquals(List.of(), timed);
        assertEquals(1, counts.completedCount());
        assertEquals(1, counts.cancelledCount());
        assertEquals(Optional.empty(), HandoffCounts.took(noStart, NOW));
    }

    @Test
    void aStartAheadOfThisLeadersClockCountsAsZero() {
        counts.completed(startedAgo(0x30, -2_000), NOW);

        assertEquals(List.of(new Timed(Outcome.COMPLETED, Duration.ZERO)), timed);
    }
}
