package org.dtablecluster.spi;

import java.util.Objects;

/**
 * One bucket changing owner.
 *
 * @param bucket the bucket number
 * @param from the previous owner, or {@code null} when the bucket had none
 * @param to the new owner, or {@code null} when the bucket loses its owner
 */
public record Move(int bucket, String from, String to) {

    public Move {
        if (bucket < 0) {
            throw new IllegalArgumentException("bucket must be >= 0, was " + bucket);
        }
        if (Objects.equals(from, to)) {
            throw new IllegalArgumentException("a move must change the owner of bucket " + bucket);
        }
    }

    /** The bucket as etcd and dtable-web name it: two lowercase hex digits for 256 buckets. */
    public String bucketHex() {
        return Assignment.hex(bucket);
    }

    @Override
    public String toString() {
        return bucketHex() + ": " + (from == null ? "-" : from) + " -> " + (to == null ? "-" : to);
    }
}
