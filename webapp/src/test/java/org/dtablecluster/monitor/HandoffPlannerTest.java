package org.dtablecluster.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.dtablecluster.monitor.HandoffPlanner.Cluster;
import org.dtablecluster.monitor.HandoffPlanner.Limits;
import org.dtablecluster.monitor.HandoffPlanner.Step;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.spi.Move;
import org.dtablecluster.view.BucketMoves;
import org.dtablecluster.view.Handoff;
import org.dtablecluster.view.HandoffAck;
import org.junit.jupiter.api.Test;

class HandoffPlannerTest {

    private static final String A = "dtable-server-a";
    private static final String B = "dtable-server-b";
    private static final String L = "dtable-server-legacy";
    private static final Limits LIMITS = new Limits(2, Duration.ofSeconds(30));
    private static final long NOW = 100_000;

    private final Assignment allA = all(A);

    @Test
    void startsNoMoreHandoffsThanTheLimitAndKeepsTheRestPending() {
        List<Move> wanted = List.of(new Move(1, A, B), new Move(2, A, B), new Move(3, A, B));
        Step s = HandoffPlanner.step(cluster(allA, BucketMoves.none()), wanted, NOW, LIMITS);
        assertEquals(List.of(new Move(1, A, B), new Move(2, A, B)), s.starts());
        assertEquals(List.of(new Move(3, A, B)), s.pending());
        assertTrue(s.direct().isEmpty());
    }

    @Test
    void openHandoffsTakeSlots() {
        BucketMoves moves = BucketMoves.builder().handoff(9, handoff(9, A, B, NOW)).build();
        Step s = HandoffPlanner.step(cluster(allA, moves), List.of(new Move(1, A, B), new Move(2, A, B)), NOW, LIMITS);
        assertEquals(List.of(new Move(1, A, B)), s.starts());
        assertEquals(List.of(new Move(2, A, B)), s.pending());
    }

    @Test
    void flipsOnlyOnceReleasedAndAccepted() {
        Handoff h = handoff(5, A, B, NOW);
        BucketMoves open = BucketMoves.builder().handoff(5, h).build();
        assertTrue(HandoffPlanner.step(cluster(allA, open), List.of(), NOW, LIMITS).idle());
        BucketMoves released = open.toBuilder().released(5, new HandoffAck(A, h.modRevision())).build();
        assertTrue(HandoffPlanner.step(cluster(allA, released), List.of(), NOW, LIMITS).idle());
        BucketMoves accepted = released.toBuilder().accepted(5, new HandoffAck(B, h.modRevision())).build();
        assertEquals(List.of(h), HandoffPlanner.step(cluster(allA, accepted), List.of(), NOW, LIMITS).flips());
    }

    @Test
    void aTargetWithoutTheHandoffIsFlippedOnReleaseAlone() {
        Handoff h = handoff(5, A, L, NOW);
        BucketMoves released = BucketMoves.builder().handoff(5, h).released(5, new HandoffAck(A, h.modRevision())).build();
        Cluster c = new Cluster(allA, Set.of(A, L), Set.of(A), released);
        assertEquals(List.of(h), HandoffPlanner.step(c, List.of(), NOW, LIMITS).flips());
    }

    @Test
    void cancelsAnUnreleasedHandoffAfterTheTimeoutButNeverAReleasedOne() {
        Handoff h = handoff(5, A, B, NOW - 30_000);
        Step late = HandoffPlanner.step(cluster(allA, BucketMoves.builder().handoff(5, h).build()), List.of(), NOW, LIMITS);
        assertEquals(1, late.cancels().size());
        assertTrue(late.cancels().get(0).reason().contains("did not release within 30 s"), late.toString());
        Step notYet = HandoffPlanner.step(cluster(allA, BucketMoves.builder().handoff(5, h).build()), List.of(), NOW - 1,
                LIMITS);
        assertTrue(notYet.idle());
        BucketMoves released = BucketMoves.builder().handoff(5, h).released(5, new HandoffAck(A, h.modRevision())).build();
        assertTrue(HandoffPlanner.step(cluster(allA, released), List.of(), NOW + 60_000, LIMITS).idle());
    }

    @Test
    void aLostTargetCancelsAndALostSourceCompletes() {
        Handoff h = handoff(5, A, B, NOW);
        BucketMoves open = BucketMoves.builder().handoff(5, h).build();
        Step targetGone = HandoffPlanner.step(new Cluster(allA, Set.of(A), Set.of(A), open), List.of(), NOW, LIMITS);
        assertEquals(List.of(h), targetGone.cancels().stream().map(HandoffPlanner.Cancel::handoff).toList());
        Step sourceGone = HandoffPlanner.step(new Cluster(allA, Set.of(B), Set.of(B), open), List.of(), NOW, LIMITS);
        assertTrue(sourceGone.idle(), "a gone source counts as released; the target must still accept");
        BucketMoves accepted = open.toBuilder().accepted(5, new HandoffAck(B, h.modRevision())).build();
        Step sourceGoneAccepted = HandoffPlanner.step(new Cluster(allA, Set.of(B), Set.of(B), accepted), List.of(),
                NOW + 60_000, LIMITS);
        assertEquals(List.of(h), sourceGoneAccepted.flips());
        assertTrue(sourceGoneAccepted.cancels().isEmpty(), "never cancelled for time: the source is gone");
    }

    @Test
    void aHandoffWhoseAssignmentChangedUnderItIsCancelled() {
        Handoff h = handoff(5, A, B, NOW);
        Step s = HandoffPlanner.step(cluster(all(B), BucketMoves.builder().handoff(5, h).build()), List.of(), NOW, LIMITS);
        assertEquals(1, s.cancels().size());
    }

    @Test
    void movesAwayFromLegacyOwnersAndUnownedBucketsAreWrittenDirectlyWithoutASlot() {
        Assignment mixed = allA.toBuilder().set(1, null).set(2, L).build();
        Cluster c = new Cluster(mixed, Set.of(A, B, L), Set.of(A, B), BucketMoves.none());
        List<Move> wanted = List.of(new Move(1, null, B), new Move(2, L, B), new Move(3, A, B),
                new Move(4, A, B), new Move(6, A, B));
        Step s = HandoffPlanner.step(c, wanted, NOW, LIMITS);
        assertEquals(List.of(new Move(1, null, B), new Move(2, L, B)), s.direct());
        assertEquals(List.of(new Move(3, A, B), new Move(4, A, B)), s.starts());
        assertEquals(List.of(new Move(6, A, B)), s.pending());
    }

    @Test
    void aGoneOwnersBucketMovesThroughAHandoffToATargetThatCanAcceptIt() {
        String gone = "dtable-server-gone";
        Assignment a = allA.toBuilder().set(1, gone).set(2, gone).build();
        Cluster c = new Cluster(a, Set.of(A, B, L), Set.of(A, B), BucketMoves.none());
        Step s = HandoffPlanner.step(c, List.of(new Move(1, gone, B), new Move(2, gone, L)), NOW, LIMITS);
        assertEquals(List.of(new Move(1, gone, B)), s.starts(), "B accepts, so the proxies hold until it serves");
        assertEquals(List.of(new Move(2, gone, L)), s.direct(), "L cannot say when it serves: best effort");
    }

    @Test
    void aGoneOwnersHandoffsTakeNoSlotAndLeaveTheSlotsToLiveOwners() {
        String gone = "dtable-server-gone";
        Assignment.Builder b = allA.toBuilder();
        List<Move> wanted = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            b.set(i, gone);
            wanted.add(new Move(i, gone, B));
        }
        wanted.add(new Move(20, A, B));
        wanted.add(new Move(21, A, B));
        wanted.add(new Move(22, A, B));
        BucketMoves open = BucketMoves.builder().handoff(30, handoff(30, gone, B, NOW)).build();
        Cluster c = new Cluster(b.set(30, gone).build(), Set.of(A, B), Set.of(A, B), open);
        Step s = HandoffPlanner.step(c, wanted, NOW, LIMITS);
        assertEquals(12, s.starts().size(), "all 10 of the gone owner's, and 2 of A's: " + s.starts());
        assertEquals(List.of(new Move(22, A, B)), s.pending(), "the limit of 2 counts live owners' handoffs only");
    }

    @Test
    void dropsMovesThatNoLongerMakeSense() {
        BucketMoves moving = BucketMoves.builder().handoff(1, handoff(1, A, B, NOW)).build();
        Assignment a = allA.toBuilder().set(2, B).build();
        List<Move> wanted = List.of(new Move(1, A, B), new Move(2, A, B), new Move(3, A, "dtable-server-gone"));
        Step s = HandoffPlanner.step(cluster(a, moving), wanted, NOW, LIMITS);
        List<String> reasons = new ArrayList<>();
        s.dropped().forEach(d -> reasons.add(d.reason()));
        assertEquals(List.of("already moving", "already there", "target dtable-server-gone is not live"), reasons);
        assertTrue(s.starts().isEmpty());
    }

    @Test
    void aMoveWhoseOwnerChangedSinceThePlanIsDropped() {
        Assignment a = allA.toBuilder().set(7, L).build();
        Cluster c = new Cluster(a, Set.of(A, B, L), Set.of(A, B, L), BucketMoves.none());
        Step s = HandoffPlanner.step(c, List.of(new Move(7, A, B)), NOW, LIMITS);
        assertTrue(s.starts().isEmpty(), s.toString());
        assertEquals(List.of("owner changed since the plan (was dtable-server-a)"),
                s.dropped().stream().map(HandoffPlanner.Dropped::reason).toList());
    }

    private static Cluster cluster(Assignment a, BucketMoves moves) {
        return new Cluster(a, Set.of(A, B), Set.of(A, B), moves);
    }

    private static Handoff handoff(int bucket, String from, String to, long started) {
        return new Handoff(bucket, from, to, 3, started, 1_000 + bucket);
    }

    private static Assignment all(String owner) {
        Assignment.Builder b = Assignment.builder(Assignment.BUCKETS);
        for (int i = 0; i < Assignment.BUCKETS; i++) {
            b.set(i, owner);
        }
        return b.build();
    }
}
