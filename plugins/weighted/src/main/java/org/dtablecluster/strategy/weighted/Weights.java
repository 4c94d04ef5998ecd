package org.dtablecluster.strategy.weighted;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;
import org.dtablecluster.spi.AssignmentRequest;
import org.dtablecluster.spi.NodeInfo;

/**
 * Every live node's weight as a whole number of millionths, so shares are computed exactly: no
 * floating point, hence no platform-dependent tie.
 *
 * @param perNode each eligible node's weight times {@value #SCALE}, sorted by node id
 * @param total the sum of {@code perNode}
 */
record Weights(SortedMap<String, Long> perNode, long total) {

    /** The registration field that carries a node's weight ({@code node_weight} in its config). */
    static final String ATTRIBUTE = "weight";

    /** The weight of a node that registered none, or, unless strict, an invalid one. */
    static final long DEFAULT = 1_000_000L;

    static final long SCALE = 1_000_000L;
    private static final BigDecimal MAX = BigDecimal.valueOf(10_000);
    private static final int MAX_DECIMALS = 6;

    Weights {
        requireNonNull(perNode, "perNode is null");
        perNode = Collections.unmodifiableSortedMap(new TreeMap<>(perNode));
    }

    /**
     * The weights of {@code request}'s eligible nodes (live, not drained).
     *
     * @param strict throw on an invalid weight instead of counting it as 1
     * @throws IllegalArgumentException in strict mode, naming the node and its weight
     */
    static Weights of(AssignmentRequest request, boolean strict) {
        SortedMap<String, Long> weights = new TreeMap<>();
        long total = 0;
        for (NodeInfo node : request.eligibleNodes().values()) {
            long w = of(node, strict);
            weights.put(node.nodeId(), w);
            total = Math.addExact(total, w);
        }
        return new Weights(weights, total);
    }

    private static long of(NodeInfo node, boolean strict) {
        String text = node.attribute(ATTRIBUTE).orElse(null);
        if (text == null) {
            return DEFAULT;
        }
        OptionalLong parsed = parse(text);
        if (parsed.isPresent()) {
            return parsed.getAsLong();
        }
        if (strict) {
            throw new IllegalArgumentException("node " + node.nodeId() + " registered weight '" + text
                    + "'; expected a number greater than 0, at most 10000, with at most 6 decimals");
        }
        return DEFAULT;
    }

    /** Millionths of a valid weight: a decimal in (0, 10000] with at most 6 decimals. */
    static OptionalLong parse(String text) {
        BigDecimal w;
        try {
            w = new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
        if (w.signum() <= 0 || w.compareTo(MAX) > 0 || w.stripTrailingZeros().scale() > MAX_DECIMALS) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(w.movePointRight(MAX_DECIMALS).longValueExact());
    }

    long of(String nodeId) {
        return perNode.get(nodeId);
    }

    /**
     * {@code bucketCount * weight} of {@code nodeId}: its exact share times {@link #total()}, so
     * shares compare as whole numbers.
     */
    long scaledShare(int bucketCount, String nodeId) {
        return Math.multiplyExact((long) bucketCount, of(nodeId));
    }
}
