package org.dtablecluster.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dtablecluster.monitor.RunRecord;
import org.dtablecluster.spi.RunKind;

/**
 * Counts moves and failed runs from the monitor's recent runs (oldest first, a bounded window),
 * each run once: every scrape adds the runs that came after the newest one counted before. The
 * monitor keeps no such totals itself; reading its run history keeps the monitor untouched. Should
 * more runs than the window holds happen between two scrapes, the oldest of them go uncounted.
 */
final class RunTally {

    private final Map<RunKind, Long> moves = new LinkedHashMap<>();
    private long failedRuns;
    private RunRecord newestCounted;

    RunTally() {
        for (RunKind kind : RunKind.values()) {
            moves.put(kind, 0L);
        }
    }

    /** Counts the runs of {@code recent} not counted yet. */
    synchronized void update(List<RunRecord> recent) {
        int from = 0;
        for (int i = recent.size() - 1; i >= 0 && newestCounted != null; i--) {
            if (recent.get(i) == newestCounted) { // identity: two runs may look alike
                from = i + 1;
                break;
            }
        }
        for (RunRecord r : recent.subList(from, recent.size())) {
            moves.merge(r.kind(), (long) r.moves().size(), Long::sum);
            failedRuns += r.failed() ? 1 : 0;
        }
        if (!recent.isEmpty()) {
            newestCounted = recent.get(recent.size() - 1);
        }
    }

    /** Moves written, by run kind in lower case, zeros included. */
    synchronized Map<String, Long> movesByKind() {
        Map<String, Long> snapshot = new LinkedHashMap<>();
        moves.forEach((kind, n) -> snapshot.put(kind.name().toLowerCase(Locale.ROOT), n));
        return snapshot;
    }

    synchronized long failedRuns() {
        return failedRuns;
    }
}
