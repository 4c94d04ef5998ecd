package org.dtablecluster.simulator;

import static java.util.Objects.requireNonNull;

/**
 * A span of wall-clock time during which one simulator process served one bucket.
 *
 * @param incarnation the process: {@code <node_id>.<start ms>.<pid>}, the name of its record file
 * @param nodeId the node id it served as
 * @param bucket 0..255
 * @param fromMs when it began serving (epoch millis)
 * @param toMs when it stopped: released, fenced, or (when {@code reason} is {@code "unrecorded"})
 *     the latest moment it may still have served, from its last heartbeat
 * @param reason why it stopped: {@code lost}, {@code deadline}, {@code shutdown}, or
 *     {@code unrecorded} when the process ended (or still runs) without recording an end
 */
public record ServingInterval(String incarnation, String nodeId, int bucket, long fromMs, long toMs, String reason) {

    public ServingInterval {
        requireNonNull(incarnation, "incarnation is null");
        requireNonNull(nodeId, "nodeId is null");
        requireNonNull(reason, "reason is null");
        if (bucket < 0 || bucket > 255) {
            throw new IllegalArgumentException("bucket must be 0..255, was " + bucket);
        }
        if (toMs < fromMs) {
            throw new IllegalArgumentException("interval ends before it begins: " + fromMs + " > " + toMs);
        }
    }

    /** The overlap of two intervals of one bucket, or {@code null} when they do not overlap. */
    public Overlap overlap(ServingInterval other) {
        if (bucket != other.bucket || incarnation.equals(other.incarnation)) {
            return null;
        }
        long from = Math.max(fromMs, other.fromMs);
        long to = Math.min(toMs, other.toMs);
        return from < to ? new Overlap(bucket, this, other, from, to) : null;
    }

    /** Two processes serving one bucket at once, from {@code fromMs} to {@code toMs}. */
    public record Overlap(int bucket, ServingInterval first, ServingInterval second, long fromMs, long toMs) {
    }
}
