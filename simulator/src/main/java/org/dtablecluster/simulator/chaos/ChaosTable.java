package org.dtablecluster.simulator.chaos;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dtablecluster.simulator.ServingInterval;

/**
 * The chaos run's result per event window: requests, failed requests (by status), acknowledged
 * rows, rows lost (acknowledged, absent from the storage afterwards), rows stored twice,
 * overlapping serving intervals (two processes serving one bucket at once; by when the overlap
 * began) and how long the slowest affected bucket took to be served again.
 */
final class ChaosTable {

    /** One line of the table. */
    record Line(String event, int requests, int failed, Map<String, Integer> failures, int acked, int lost,
            int duplicated, int overlaps, int overlapBuckets, int affectedBuckets, double maxSecondsUntilServed,
            boolean allServedAgain) {
    }

    private ChaosTable() {
    }

    static List<Line> compute(List<ChaosWindow> windows, List<Attempt> attempts, StorageAudit audit,
            List<ServingInterval.Overlap> overlaps) {
        List<Line> lines = new ArrayList<>();
        for (int w = 0; w < windows.size(); w++) {
            ChaosWindow window = windows.get(w);
            boolean first = w == 0;
            List<Attempt> in = attempts.stream().filter(a -> window.contains(a.startMs())).toList();
            Map<String, Integer> failures = new TreeMap<>();
            int acked = 0;
            int lost = 0;
            int duplicated = 0;
            Map<Integer, Long> firstFailure = new HashMap<>();
            for (Attempt a : in) {
                if (a.acked()) {
                    acked++;
                    if (audit.lost(a)) {
                        lost++;
                    }
                } else {
                    failures.merge(a.outcome(), 1, Integer::sum);
                    firstFailure.merge(a.bucket(), a.startMs(), Math::min);
                }
                if (audit.duplicated(a)) {
                    duplicated++;
                }
            }
            // overlaps that began before the first window (start-up) are counted in the first
            List<ServingInterval.Overlap> mine = overlaps.stream()
                    .filter(o -> window.contains(o.fromMs()) || first && o.fromMs() < window.startMs())
                    .toList();
            double maxGap = 0;
            boolean allServed = true;
            for (Map.Entry<Integer, Long> f : firstFailure.entrySet()) {
                long servedAgain = attempts.stream()
                        .filter(a -> a.bucket() == f.getKey() && a.acked() && a.startMs() > f.getValue())
                        .mapToLong(Attempt::endMs).min().orElse(-1);
                if (servedAgain < 0) {
                    allServed = false;
                } else {
                    maxGap = Math.max(maxGap, (servedAgain - f.getValue()) / 1000.0);
                }
            }
            lines.add(new Line(window.event(), in.size(), in.size() - acked, failures, acked, lost, duplicated,
                    mine.size(), (int) mine.stream().mapToInt(ServingInterval.Overlap::bucket).distinct().count(),
                    firstFailure.size(), maxGap, allServed));
        }
        return lines;
    }

    static String format(List<Line> lines) {
        StringBuilder out = new StringBuilder();
        String header = String.format("%-52s %8s %8s %8s %6s %5s %13s %17s  %s%n", "event", "requests", "failed",
                "acked", "lost", "dup", "overlaps(bkt)", "served again (s)", "failures by status");
        out.append(header).append("-".repeat(header.length() - 1)).append('\n');
        int[] total = new int[7];
        for (Line l : lines) {
            String served = l.affectedBuckets() == 0 ? "-"
                    : String.format("%.1f (%d bkt)%s", l.maxSecondsUntilServed(), l.affectedBuckets(),
                            l.allServedAgain() ? "" : " +never");
            out.append(String.format("%-52s %8d %8d %8d %6d %5d %13s %17s  %s%n", l.event(), l.requests(), l.failed(),
                    l.acked(), l.lost(), l.duplicated(), l.overlaps() + " (" + l.overlapBuckets() + ")", served,
                    l.failures().isEmpty() ? "-" : l.failures().toString()));
            total[0] += l.requests();
            total[1] += l.failed();
            total[2] += l.acked();
            total[3] += l.lost();
            total[4] += l.duplicated();
            total[5] += l.overlaps();
        }
        out.append(String.format("%-52s %8d %8d %8d %6d %5d %13s%n", "total", total[0], total[1], total[2], total[3],
                total[4], String.valueOf(total[5])));
        return out.toString();
    }
}
