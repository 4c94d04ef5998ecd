package org.dtablecluster.proxy;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Arrays;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.view.ClusterSnapshot;
import org.dtablecluster.view.NodeEntry;

/**
 * Buckets that this proxy saw move away from a live node whose agent does not release through
 * the handoff (a dtable-server that registers itself): their requests wait
 * {@code legacy_release_seconds} from when this proxy saw {@code assign-xx} change, so that the
 * old server has a chance to let the base go first. Best effort, as OWNERSHIP.md says.
 *
 * <p>{@link #observe} runs on the view's thread with each new snapshot; {@link #holds} on every
 * request, reading one volatile field while nothing is held.
 */
public final class LegacyMoves {

    private static final long NONE = Long.MIN_VALUE;

    private final long releaseNanos;
    private ClusterSnapshot previous;
    /** Per bucket, when its hold ends (monotonic), or {@link #NONE}; replaced, never changed. */
    private volatile long[] until;
    /** The latest of {@link #until}, so that a request need not look at the array. */
    private volatile long latest = NONE;

    public LegacyMoves(Duration legacyRelease) {
        this.releaseNanos = requireNonNull(legacyRelease, "legacyRelease is null").toNanos();
        long[] none = new long[Assignment.BUCKETS];
        Arrays.fill(none, NONE);
        this.until = none;
    }

    /** Notes the buckets {@code next} moved away from a live node without the handoff. */
    public synchronized void observe(ClusterSnapshot next, long nowNanos) {
        ClusterSnapshot before = previous;
        previous = next;
        if (before == null || releaseNanos == 0) {
            return;
        }
        long[] copy = null;
        int buckets = Math.min(before.assignment().bucketCount(), next.assignment().bucketCount());
        for (int b = 0; b < buckets; b++) {
            NodeEntry from = before.liveOwner(b);
            // A node that is gone serves nothing: the monitor's repair needs no wait.
            if (from == null || from.releasesThroughHandoff() || from.nodeId().equals(next.assignment().ownerOrNull(b))
                    || !next.liveNodes().containsKey(from.nodeId())) {
                continue;
            }
            if (copy == null) {
                copy = until.clone();
            }
            copy[b] = nowNanos + releaseNanos;
        }
        if (copy != null) {
            until = copy;
            latest = nowNanos + releaseNanos;
        }
    }

    /** True while requests for {@code bucket} wait for a best-effort release. */
    public boolean holds(int bucket, long nowNanos) {
        long last = latest;
        if (last == NONE || nowNanos - last >= 0) {
            return false;
        }
        long end = until[bucket];
        return end != NONE && nowNanos - end < 0;
    }
}
