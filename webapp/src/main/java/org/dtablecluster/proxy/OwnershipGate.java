package org.dtablecluster.proxy;

import java.time.Duration;
import org.dtablecluster.view.ClusterSnapshot;

/**
 * Whether a request for a base may go to the owner the {@link Router} picked, as a pure function
 * of one snapshot, the bucket, the time, this proxy's record of best-effort moves and how stale
 * the view is (OWNERSHIP.md: at no instant do two dtable-servers serve one base).
 *
 * <p>Order matters: a stale view proves nothing, so it refuses first; then a bucket in handoff,
 * a bucket whose owner is not live (a graceful stop's gap, the monitor's repair) and a bucket
 * that just left a node without the handoff are held. While nothing moves, this costs one array
 * read beyond what routing read anyway.
 */
public final class OwnershipGate {

    /** What happens to the request. */
    public enum Verdict {
        /** Send it to the live owner. */
        FORWARD,
        /** Park it until the bucket may be routed again, or its wait runs out. */
        HOLD,
        /** Answer 503 {@code view_stale}: the owner may have changed unseen. */
        STALE
    }

    private OwnershipGate() {
    }

    /**
     * @param snapshot the snapshot the request is routed by
     * @param bucket the bucket of the request's base
     * @param nowNanos the monotonic now
     * @param legacy this proxy's record of moves away from nodes without the handoff
     * @param staleness how long the view has been out of sync ({@code ClusterView.staleness})
     * @param staleAfter how long it may be before routing by it is unsafe
     */
    public static Verdict check(ClusterSnapshot snapshot, int bucket, long nowNanos, LegacyMoves legacy,
            Duration staleness, Duration staleAfter) {
        if (staleness.compareTo(staleAfter) > 0) {
            return Verdict.STALE;
        }
        return held(snapshot, bucket, nowNanos, legacy) ? Verdict.HOLD : Verdict.FORWARD;
    }

    /** True while requests for {@code bucket} must wait, whatever the view's staleness. */
    static boolean held(ClusterSnapshot snapshot, int bucket, long nowNanos, LegacyMoves legacy) {
        return snapshot.moves().moving(bucket) || snapshot.liveOwner(bucket) == null || legacy.holds(bucket, nowNanos);
    }
}
