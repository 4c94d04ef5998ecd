package org.dtablecluster.node;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * How this node's buckets changed at one etcd revision: what it gained, what it lost, and all it
 * owns now. {@code owned} makes every message complete on its own, so a receiver that missed one
 * (a hook POST that was given up) is right again with the next.
 *
 * @param gained buckets newly owned, ascending
 * @param lost buckets no longer owned, ascending
 * @param owned every bucket owned after the change, ascending
 * @param revision the etcd revision of the snapshot that showed the change
 */
public record BucketChange(List<Integer> gained, List<Integer> lost, List<Integer> owned, long revision) {

    public BucketChange {
        gained = sortedCopy(requireNonNull(gained, "gained is null"));
        lost = sortedCopy(requireNonNull(lost, "lost is null"));
        owned = sortedCopy(requireNonNull(owned, "owned is null"));
    }

    /** The change from owning {@code before} to owning {@code after}. */
    static BucketChange between(SortedSet<Integer> before, SortedSet<Integer> after, long revision) {
        SortedSet<Integer> gained = new TreeSet<>(after);
        gained.removeAll(before);
        SortedSet<Integer> lost = new TreeSet<>(before);
        lost.removeAll(after);
        return new BucketChange(List.copyOf(gained), List.copyOf(lost), List.copyOf(after), revision);
    }

    /** What was owned before this change. */
    SortedSet<Integer> before() {
        SortedSet<Integer> before = new TreeSet<>(owned);
        before.removeAll(gained);
        before.addAll(lost);
        return before;
    }

    /**
     * This change followed by {@code next}, as one: a bucket gained and lost again in between
     * appears in neither list. Lets an undelivered change be folded into the next one.
     */
    BucketChange then(BucketChange next) {
        return between(before(), new TreeSet<>(next.owned), next.revision);
    }

    boolean isEmpty() {
        return gained.isEmpty() && lost.isEmpty();
    }

    private static List<Integer> sortedCopy(List<Integer> buckets) {
        return List.copyOf(new TreeSet<>(buckets));
    }

    /** For a log line: {@code gained 00-0f, lost 80; owns 17: 00-10}. */
    String describe() {
        return "gained " + BucketRanges.format(gained()) + ", lost " + BucketRanges.format(lost()) + "; owns "
                + owned().size() + ": " + BucketRanges.format(owned());
    }
}
