package org.dtablecluster.strategy.weighted;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Map;
import java.util.TreeMap;
import org.dtablecluster.spi.AssignmentRequest;
import org.dtablecluster.spi.NodeInfo;

/**
 * The tests' own reading of the weights, written apart from {@link Weights}: a missing or
 * invalid weight counts as 1, and node {@code i}'s share is {@code B * w_i / W}. Shares are kept
 * as exact fractions over the common denominator {@code W}, so comparisons are exact.
 */
final class Shares {

    private Shares() {
    }

    static BigDecimal weight(NodeInfo node) {
        String text = node.attributes().get("weight");
        if (text == null) {
            return BigDecimal.ONE;
        }
        try {
            BigDecimal w = new BigDecimal(text);
            boolean valid = w.signum() > 0 && w.compareTo(BigDecimal.valueOf(10_000)) <= 0
                    && w.stripTrailingZeros().scale() <= 6;
            return valid ? w : BigDecimal.ONE;
        } catch (NumberFormatException e) {
            return BigDecimal.ONE;
        }
    }

    /** {@code W}, the denominator of every share. */
    static BigDecimal total(AssignmentRequest request) {
        return request.eligibleNodes().values().stream().map(Shares::weight).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** Each live node's share times {@code W}: {@code B * w_i}, exact. */
    static Map<String, BigDecimal> numerators(AssignmentRequest request) {
        Map<String, BigDecimal> result = new TreeMap<>();
        request.eligibleNodes().forEach((id, node) ->
                result.put(id, BigDecimal.valueOf(request.bucketCount()).multiply(weight(node))));
        return result;
    }

    /** Each live node's share, rounded, for messages. */
    static Map<String, BigDecimal> approximate(AssignmentRequest request) {
        BigDecimal total = total(request);
        Map<String, BigDecimal> result = new TreeMap<>();
        numerators(request).forEach((id, n) -> result.put(id, n.divide(total, MathContext.DECIMAL64)));
        return result;
    }

    /** Null when every live node holds within one bucket (strictly) of its share; else who does not. */
    static String notWithinOne(AssignmentRequest request, Map<String, Integer> counts) {
        BigDecimal total = total(request);
        for (Map.Entry<String, BigDecimal> e : numerators(request).entrySet()) {
            BigDecimal count = BigDecimal.valueOf(counts.getOrDefault(e.getKey(), 0));
            if (count.multiply(total).subtract(e.getValue()).abs().compareTo(total) >= 0) {
                return e.getKey() + " holds " + count + " for a share of " + approximate(request).get(e.getKey());
            }
        }
        return null;
    }

    /** Whether {@code count < share + 1} for {@code nodeId}. */
    static boolean belowSharePlusOne(AssignmentRequest request, String nodeId, int count) {
        BigDecimal total = total(request);
        return BigDecimal.valueOf(count).multiply(total).compareTo(numerators(request).get(nodeId).add(total)) < 0;
    }
}
