package org.dtablecluster.node;

import java.util.Collection;
import java.util.StringJoiner;
import java.util.TreeSet;
import org.dtablecluster.spi.Assignment;

/**
 * Bucket sets for log lines: {@code 00-3f,80,c0-ff} instead of 150 numbers. Buckets are written
 * in hex because that is how they appear in etcd keys ({@code assign-3f}) and base UUIDs.
 */
final class BucketRanges {

    private BucketRanges() {
    }

    /** Sorted, merged hex ranges; {@code none} for an empty set. */
    static String format(Collection<Integer> buckets) {
        if (buckets.isEmpty()) {
            return "none";
        }
        StringJoiner out = new StringJoiner(",");
        int start = -1;
        int end = -1;
        for (int b : new TreeSet<>(buckets)) {
            if (start >= 0 && b == end + 1) {
                end = b;
                continue;
            }
            if (start >= 0) {
                out.add(range(start, end));
            }
            start = b;
            end = b;
        }
        out.add(range(start, end));
        return out.toString();
    }

    private static String range(int start, int end) {
        return start == end ? Assignment.hex(start) : Assignment.hex(start) + "-" + Assignment.hex(end);
    }
}
