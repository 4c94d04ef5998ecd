package org.dtablecluster.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.view.BucketMoves;
import org.dtablecluster.view.Handoff;
import org.dtablecluster.view.HandoffAck;
import org.junit.jupiter.api.Test;

class OwnershipTest {

    private static final String A = "dtable-server-a";
    private static final String B = "dtable-server-b";
    private final Assignment assignment = halves();
    private final Handoff move3 = new Handoff(3, A, B, 7, 1_000, 42);

    @Test
    void withoutHandoffsEachNodeOwnsWhatItIsAssigned() {
        assertEquals(128, Ownership.owned(A, assignment, BucketMoves.none()).size());
        assertEquals(Set.copyOf(assignment.bucketsOf(B)), Ownership.owned(B, assignment, BucketMoves.none()));
    }

    @Test
    void duringAHandoffNeitherSideOwnsTheBucketUntilItIsReleased() {
        BucketMoves moves = BucketMoves.builder().handoff(3, move3).build();
        assertFalse(Ownership.owned(A, assignment, moves).contains(3));
        assertFalse(Ownership.owned(B, assignment, moves).contains(3));
        BucketMoves released = moves.toBuilder().released(3, new HandoffAck(A, 42)).build();
        assertFalse(Ownership.owned(A, assignment, released).contains(3));
        assertTrue(Ownership.owned(B, assignment, released).contains(3));
    }

    @Test
    void aReleaseForAnEarlierHandoffOrByTheWrongNodeDoesNotCount() {
        BucketMoves stale = BucketMoves.builder().handoff(3, move3).released(3, new HandoffAck(A, 41)).build();
        assertFalse(stale.released(3));
        assertFalse(Ownership.owned(B, assignment, stale).contains(3));
        BucketMoves wrongNode = BucketMoves.builder().handoff(3, move3).released(3, new HandoffAck(B, 42)).build();
        assertFalse(wrongNode.released(3));
    }

    @Test
    void aCancelledHandoffGivesTheBucketBack() {
        BucketMoves cancelled = BucketMoves.builder().handoff(3, move3).build().toBuilder().handoff(3, null).build();
        assertTrue(Ownership.owned(A, assignment, cancelled).contains(3));
    }

    @Test
    void releasesAreDueOnceTheServerConfirmedAndNotYetInEtcd() {
        BucketMoves moves = BucketMoves.builder().handoff(3, move3).build();
        SortedSet<Integer> stillServing = new TreeSet<>(assignment.bucketsOf(A));
        assertTrue(Ownership.releasesDue(A, moves, stillServing).isEmpty());
        SortedSet<Integer> confirmed = Ownership.owned(A, assignment, moves);
        assertEquals(Set.of(move3), Ownership.releasesDue(A, moves, confirmed));
        assertTrue(Ownership.releasesDue(B, moves, confirmed).isEmpty());
        BucketMoves released = moves.toBuilder().released(3, new HandoffAck(A, 42)).build();
        assertTrue(Ownership.releasesDue(A, released, confirmed).isEmpty());
    }

    @Test
    void acceptancesAreDueOnceReleasedAndConfirmedByTheNewOwner() {
        BucketMoves released = BucketMoves.builder().handoff(3, move3).released(3, new HandoffAck(A, 42)).build();
        SortedSet<Integer> before = new TreeSet<>(assignment.bucketsOf(B));
        assertTrue(Ownership.acceptsDue(B, released, before).isEmpty());
        SortedSet<Integer> after = Ownership.owned(B, assignment, released);
        assertEquals(Set.of(move3), Ownership.acceptsDue(B, released, after));
        BucketMoves accepted = released.toBuilder().accepted(3, new HandoffAck(B, 42)).build();
        assertTrue(accepted.accepted(3));
        assertTrue(Ownership.acceptsDue(B, accepted, after).isEmpty());
    }

    private static Assignment halves() {
        Assignment.Builder b = Assignment.builder(Assignment.BUCKETS);
        for (int i = 0; i < Assignment.BUCKETS; i++) {
            b.set(i, i < 128 ? A : B);
        }
        return b.build();
    }
}
