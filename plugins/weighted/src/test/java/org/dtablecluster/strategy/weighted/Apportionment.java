package org.dtablecluster.strategy.weighted;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import org.dtablecluster.spi.AssignmentRequest;

/** Whether bucket counts are a largest-remainder apportionment of the shares; the tests' own check. */
final class Apportionment {

    private Apportionment() {
    }

    /** Null when {@code counts} is one; else what is wrong. */
    static String problem(AssignmentRequest request, Map<String, Integer> counts) {
        BigDecimal total = Shares.total(request);
        int sum = counts.values().stream().mapToInt(Integer::intValue).sum();
        if (sum != request.bucketCount()) {
            return "counts sum to " + sum;
        }
        // Fractional parts as remainders over the common denominator W: exact.
        BigDecimal smallestRaised = null;
        BigDecimal largestNotRaised = null;
        for (Map.Entry<String, BigDecimal> e : Shares.numerators(request).entrySet()) {
            BigDecimal floor = e.getValue().divide(total, 0, RoundingMode.FLOOR);
            BigDecimal remainder = e.getValue().subtract(floor.multiply(total));
            int count = counts.getOrDefault(e.getKey(), 0);
            int base = floor.intValueExact();
            if (count == base + 1) {
                smallestRaised = smallestRaised == null ? remainder : smallestRaised.min(remainder);
            } else if (count == base) {
                largestNotRaised = largestNotRaised == null ? remainder : largestNotRaised.max(remainder);
            } else {
                return e.getKey() + " holds " + count + " for a share of "
                        + Shares.approximate(request).get(e.getKey());
            }
        }
        if (smallestRaised != null && largestNotRaised != null && smallestRaised.compareTo(largestNotRaised) < 0) {
            return "a node with remainder " + smallestRaised + "/" + total + " got an extra bucket before one with "
                    + largestNotRaised + "/" + total;
        }
        return null;
    }
}
