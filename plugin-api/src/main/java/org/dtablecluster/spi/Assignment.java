package org.dtablecluster.spi;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Who owns each bucket: an immutable array of node ids indexed by bucket, where a bucket may have
 * no owner ({@code null}). A strategy returns a complete one; the monitor may hand it an
 * incomplete one as the current state.
 */
public final class Assignment {

    /** The bucket count of SeaTable: the first two hex characters of a base UUID. */
    public static final int BUCKETS = 256;

    private final String[] owners;

    private Assignment(String[] owners) {
        this.owners = owners;
    }

    /** An assignment of {@code bucketCount} buckets, none of them owned. */
    public static Assignment unassigned(int bucketCount) {
        checkBucketCount(bucketCount);
        return new Assignment(new String[bucketCount]);
    }

    /**
     * An assignment from a list indexed by bucket; {@code null} elements mean "no owner".
     *
     * @throws IllegalArgumentException when an owner is blank or the list is empty
     */
    public static Assignment of(List<String> owners) {
        requireNonNull(owners, "owners is null");
        checkBucketCount(owners.size());
        String[] copy = owners.toArray(new String[0]);
        for (int b = 0; b < copy.length; b++) {
            if (copy[b] != null && copy[b].isBlank()) {
                throw new IllegalArgumentException("owner of bucket " + b + " is blank");
            }
        }
        return new Assignment(copy);
    }

    /** A mutable builder starting from this assignment. */
    public Builder toBuilder() {
        return new Builder(owners.clone());
    }

    /** A mutable builder of {@code bucketCount} unowned buckets. */
    public static Builder builder(int bucketCount) {
        checkBucketCount(bucketCount);
        return new Builder(new String[bucketCount]);
    }

    public int bucketCount() {
        return owners.length;
    }

    /** The owner of {@code bucket}, or {@code null} when it has none. */
    public String ownerOrNull(int bucket) {
        return owners[checkBucket(bucket)];
    }

    public Optional<String> owner(int bucket) {
        return Optional.ofNullable(ownerOrNull(bucket));
    }

    /** True when every bucket has an owner. */
    public boolean isComplete() {
        for (String o : owners) {
            if (o == null) {
                return false;
            }
        }
        return true;
    }

    /** The owners indexed by bucket, {@code null} for none; unmodifiable. */
    public List<String> owners() {
        return Collections.unmodifiableList(Arrays.asList(owners.clone()));
    }

    /** Buckets held per node, sorted by node id; nodes holding nothing are absent. */
    public Map<String, Integer> bucketCounts() {
        Map<String, Integer> counts = new TreeMap<>();
        for (String o : owners) {
            if (o != null) {
                counts.merge(o, 1, Integer::sum);
            }
        }
        return Collections.unmodifiableMap(counts);
    }

    /** The buckets {@code nodeId} owns, ascending. */
    public List<Integer> bucketsOf(String nodeId) {
        List<Integer> result = new ArrayList<>();
        for (int b = 0; b < owners.length; b++) {
            if (nodeId.equals(owners[b])) {
                result.add(b);
            }
        }
        return List.copyOf(result);
    }

    /** The moves that turn this assignment into {@code target}, by ascending bucket. */
    public List<Move> movesTo(Assignment target) {
        requireNonNull(target, "target is null");
        if (target.bucketCount() != bucketCount()) {
            throw new IllegalArgumentException(
                    "bucket counts differ: " + bucketCount() + " and " + target.bucketCount());
        }
        List<Move> moves = new ArrayList<>();
        for (int b = 0; b < owners.length; b++) {
            if (!java.util.Objects.equals(owners[b], target.owners[b])) {
                moves.add(new Move(b, owners[b], target.owners[b]));
            }
        }
        return List.copyOf(moves);
    }

    /** The bucket's name: lowercase hex, two digits for 256 buckets. */
    public static String hex(int bucket) {
        return bucket < 256 ? String.format("%02x", bucket) : Integer.toHexString(bucket);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Assignment other && Arrays.equals(owners, other.owners);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(owners);
    }

    @Override
    public String toString() {
        return "Assignment" + bucketCounts() + (isComplete() ? "" : " (incomplete)");
    }

    private int checkBucket(int bucket) {
        if (bucket < 0 || bucket >= owners.length) {
            throw new IndexOutOfBoundsException(
                    "bucket must be in [0, " + (owners.length - 1) + "], was " + bucket);
        }
        return bucket;
    }

    private static void checkBucketCount(int bucketCount) {
        if (bucketCount < 1 || bucketCount > 65536) {
            throw new IllegalArgumentException(
                    "bucket count must be in [1, 65536], was " + bucketCount);
        }
    }

    /** Builds an assignment bucket by bucket; not thread-safe. */
    public static final class Builder {
        private final String[] owners;

        private Builder(String[] owners) {
            this.owners = owners;
        }

        /** Sets the owner of {@code bucket}; {@code null} clears it. */
        public Builder set(int bucket, String owner) {
            if (bucket < 0 || bucket >= owners.length) {
                throw new IndexOutOfBoundsException(
                        "bucket must be in [0, " + (owners.length - 1) + "], was " + bucket);
            }
            if (owner != null && owner.isBlank()) {
                throw new IllegalArgumentException("owner of bucket " + bucket + " is blank");
            }
            owners[bucket] = owner;
            return this;
        }

        public String get(int bucket) {
            return owners[bucket];
        }

        public int bucketCount() {
            return owners.length;
        }

        public Assignment build() {
            return new Assignment(owners.clone());
        }
    }
}
