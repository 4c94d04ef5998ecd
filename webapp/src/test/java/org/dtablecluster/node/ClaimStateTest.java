package org.dtablecluster.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.view.BucketMoves;
import org.dtablecluster.view.ClusterSnapshot;
import org.dtablecluster.view.NodeEntry;
import org.dtablecluster.view.Handoff;
import org.dtablecluster.view.HandoffAck;
import org.junit.jupiter.api.Test;

/** What the agent wants its server to serve, from in-memory snapshots carrying handoffs. */
class ClaimStateTest {

    private static final String ME = "dtable-server-01";
    private static final String OTHER = "dtable-server-02";
    private final ClaimState claim = new ClaimState(ME);

    @Test
    void claimsNothingUntilRegisteredAndOnlyFromASnapshotAtOrAfterTheRegistration() {
        claim.snapshot(snapshot(10, BucketMoves.none()));
        ClaimState.Wish unregistered = claim.wish(true);
        assertEquals(Set.of(), unregistered.owned());
        assertFalse(unregistered.claiming());
        assertEquals(10, unregistered.revision());

        claim.registered(12);
        assertNull(claim.wish(true), "the view has not caught up with our registration yet: nothing to say");
        claim.snapshot(snapshot(11, BucketMoves.none()));
        assertNull(claim.wish(true));
        claim.snapshot(snapshot(12, BucketMoves.none()));
        assertEquals(Set.of(0, 1, 2), claim.wish(true).owned());
        assertTrue(claim.wish(true).claiming());
        claim.snapshot(snapshot(9, BucketMoves.none()));
        assertEquals(12, claim.wish(true).revision(), "an older snapshot changes nothing");
    }

    @Test
    void fencedOrUnwantedClaimsNothingUntilTheNextRegistration() {
        claim.registered(5);
        claim.snapshot(snapshot(6, BucketMoves.none()));
        claim.fence();
        assertEquals(Set.of(), claim.wish(true).owned());
        assertFalse(claim.wish(true).claiming());
        claim.registered(20);
        assertNull(claim.wish(true), "a node that comes back starts with nothing: only a snapshot after rev 20 counts");
        claim.snapshot(snapshot(20, BucketMoves.none()));
        assertEquals(Set.of(0, 1, 2), claim.wish(true).owned());
        assertEquals(Set.of(), claim.wish(false).owned(), "giving the registration up (stop, leave, health)");
    }

    @Test
    void aHandoffAwayDropsTheBucketAndAReleasedHandoffInGivesIt() {
        claim.registered(1);
        Handoff away = new Handoff(1, ME, OTHER, 3, 0, 40);
        Handoff in = new Handoff(5, OTHER, ME, 3, 0, 41);
        BucketMoves open = BucketMoves.builder().handoff(1, away).handoff(5, in).build();
        claim.snapshot(snapshot(41, open));
        assertEquals(Set.of(0, 2), claim.wish(true).owned(), "1 is moving away; 5 is not released yet");
        claim.snapshot(snapshot(42, open.toBuilder().released(5, new HandoffAck(OTHER, 41)).build()));
        assertEquals(Set.of(0, 2, 5), claim.wish(true).owned());
        assertEquals(List.of(away), List.copyOf(Ownership.releasesDue(ME, claim.latest().moves(),
                new TreeSet<>(claim.wish(true).owned()))));
        assertEquals(List.of(in), List.copyOf(Ownership.acceptsDue(ME, claim.latest().moves(), claim.latest().liveNodes().keySet(), new TreeSet<>(claim.wish(true).owned()))));
    }

    /** Buckets 0, 1, 2 are ours, 5 is the other node's. */
    private static ClusterSnapshot snapshot(long revision, BucketMoves moves) {
        List<String> owners = new ArrayList<>(Collections.nCopies(Assignment.BUCKETS, (String) null));
        owners.set(0, ME);
        owners.set(1, ME);
        owners.set(2, ME);
        owners.set(5, OTHER);
        return new ClusterSnapshot(revision, Map.of(ME, live(ME), OTHER, live(OTHER)), Assignment.of(owners), moves, 0);
    }

    private static NodeEntry live(String id) {
        java.net.URI url = java.net.URI.create("http://127.0.0.1:9/");
        return new NodeEntry(id, url, url, Map.of(), 1);
    }
}
