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
    private static final Set<String> LIVE = Set.of(A, B);
    private final Assignment assignment = halves();
    private final Handoff move3 = new Handoff(3, A, B, 7, 1_000, 42);

    @Test
    void withoutHandoffsEachNodeOwnsWhatItIsAssigned() {
        assertEquals(128, Ownership.owned(A, assignment, BucketMoves.none(), LIVE).size());
        assertEquals(Set.copyOf(assignment.bucketsOf(B)), Ownership.owned(B, assignment, BucketMoves.none(), LIVE));
    }

    @Test
    void duringAHandoffNeitherSideOwnsTheBucketUntilItIsReleased() {
        BucketMoves moves = BucketMoves.builder().handoff(3, move3).build();
        assertFalse(Ownership.owned(A, assignment, moves, LIVE).contains(3));
        assertFalse(Ownership.owned(B, assignment, moves, LIVE).contains(3));
        BucketMoves released = moves.toBuilder().released(3, new HandoffAck(A, 42)).build();
        assertFalse(Ownership.owned(A, assignment, released, LIVE).contains(3));
        assertTrue(Ownership.owned(B, assignment, released, LIVE).contains(3));
    }

    @Test
    void aReleaseForAnEarlierHandoffOrByTheWrongNodeDoesNotCount() {
        BucketMoves stale = BucketMoves.builder().handoff(3, move3).released(3, new HandoffAck(A, 41)).build();
        assertFalse(stale.released(3));
        assertFalse(Ownership.owned(B, assignment, stale, LIVE).contains(3));
        BucketMoves wrongNode = BucketMoves.builder().handoff(3, move3).released(3, new HandoffAck(B, 42)).build();
        assertFalse(wrongNode.released(3));
    }

    @Test
    void aCancelledHandoffGivesTheBucketBack() {
        BucketMoves cancelled = BucketMoves.builder().handoff(3, move3).build().toBuilder().handoff(3, null).build();
        assertTrue(Ownership.owned(A, assignment, cancelled, LIVE).contains(3));
    }

    @Test
    void releasesAreDueOnceTheServerConfirmedAndNotYetInEtcd() {
        BucketMoves moves = BucketMoves.builder().handoff(3, move3).build();
        SortedSet<Integer> stillServing = new TreeSet<>(assignment.bucketsOf(A));
        assertTrue(Ownership.releasesDue(A, moves, stillServing).isEmpty());
        SortedSet<Integer> confirmed = Ownership.owned(A, assignment, moves, LIVE);
        assertEquals(Set.of(move3), Ownership.releasesDue(A, moves, confirmed));
        assertTrue(Ownership.releasesDue(B, moves, confirmed).isEmpty());
        BucketMoves released = moves.toBuilder().released(3, new HandoffAck(A, 42)).build();
        assertTrue(Ownership.releasesDue(A, released, confirmed).isEmpty());
    }

    @Test
    void acceptancesAreDueOnceReleasedAndConfirmedByTheNewOwner() {
        BucketMoves released = BucketMoves.builder().handoff(3, move3).released(3, new HandoffAck(A, 42)).build();
        SortedSet<Integer> before = new TreeSet<>(assignment.bucketsOf(B));
        assertTrue(Ownership.acceptsDue(B, released, LIVE, before).isEmpty());
        SortedSet<Integer> after = Ownership.owned(B, assignment, released, LIVE);
        assertEquals(Set.of(move3), Ownership.acceptsDue(B, released, LIVE, after));
        BucketMoves accepted = released.toBuilder().accepted(3, new HandoffAck(B, 42)).build();
        assertTrue(accepted.accepted(3));
        assertTrue(Ownership.acceptsDue(B, accepted, LIVE, after).isEmpty());
    }

    @Test
    void aHandoffFromANodeWhoseKeyIsGoneIsTheTargetsAtOnce() {
        BucketMoves moves = BucketMoves.builder().handoff(3, move3).build();
        Set<String> onlyB = Set.of(B);
        assertTrue(Ownership.owned(B, assignment, moves, onlyB).contains(3));
        assertFalse(Ownership.owned(B, assignment, moves, LIVE).contains(3));
        SortedSet<Integer> confirmed = Ownership.owned(B, assignment, moves, onlyB);
        assertEquals(Set.of(move3), Ownership.acceptsDue(B, moves, onlyB, confirmed));
        assertTrue(Ownership.acceptsDue(B, moves, LIVE, confirmed).isEmpty());
    }

    private static Assignment halves() {
        Assignment.Builder b = Assignment.builder(Assignment.BUCKETS);
        for (int i = 0; i < Assignment.BUCKETS; i++) {
            b.set(i, i < 128 ? A : B);
        }
        return b.build();
    }
}
