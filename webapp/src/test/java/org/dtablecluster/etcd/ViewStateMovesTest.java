package org.dtablecluster.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.dtablecluster.etcd.ViewState.KeyChange;
import org.dtablecluster.view.BucketMoves;
import org.dtablecluster.view.Handoff;
import org.junit.jupiter.api.Test;

/** The handoff, released and accepted keys in the view's snapshots. */
class ViewStateMovesTest {

    private static final String A = "dtable-server-01";
    private static final String B = "dtable-server-02";

    private final ViewState state = new ViewState(Keyspace.root());

    static String handoff(String from, String to) {
        return new String(HandoffValues.handoff(from, to, 7, 1000), StandardCharsets.UTF_8);
    }

    static String ack(String node, long revision) {
        return new String(HandoffValues.ack(node, revision), StandardCharsets.UTF_8);
    }

    @Test
    void aHandoffItsReleaseAndItsAcceptanceReachTheSnapshotAndGoWhenDeleted() {
        state.reset(List.of(KeyChange.put("assign-3f", A, 2)), 2);
        assertTrue(state.snapshot().moves().open().isEmpty());

        assertTrue(state.apply(KeyChange.put("dtable-cluster/handoff/3f", handoff(A, B), 5)));
        BucketMoves m = state.snapshot().moves();
        assertEquals(new Handoff(0x3f, A, B, 7, 1000, 5), m.handoff(0x3f), "the mod revision comes from etcd");
        assertFalse(m.released(0x3f));

        assertTrue(state.apply(KeyChange.put("dtable-cluster/released/3f", ack(A, 5), 6)));
        assertTrue(state.apply(KeyChange.put("dtable-cluster/accepted/3f", ack(B, 5), 7)));
        m = state.snapshot().moves();
        assertTrue(m.released(0x3f));
        assertTrue(m.accepted(0x3f));
        assertEquals(7, state.snapshot().revision());

        // the flip: one transaction, so one revision for all four changes
        state.apply(KeyChange.put("assign-3f", B, 8));
        state.apply(KeyChange.delete("dtable-cluster/handoff/3f", 8));
        state.apply(KeyChange.delete("dtable-cluster/released/3f", 8));
        state.apply(KeyChange.delete("dtable-cluster/accepted/3f", 8));
        m = state.snapshot().moves();
        assertFalse(m.moving(0x3f));
        assertNull(m.releaseKey(0x3f));
        assertNull(m.acceptKey(0x3f));
        assertEquals(B, state.snapshot().assignment().ownerOrNull(0x3f));
    }

    @Test
    void redeliveredEventsNeitherResurrectNorChangeAnything() {
        state.reset(List.of(), 1);
        state.apply(KeyChange.put("dtable-cluster/handoff/01", handoff(A, B), 2));
        state.apply(KeyChange.delete("dtable-cluster/handoff/01", 3));
        var before = state.snapshot();
        assertFalse(state.apply(KeyChange.put("dtable-cluster/handoff/01", handoff(A, B), 2)));
        assertFalse(state.apply(KeyChange.delete("dtable-cluster/handoff/01", 3)));
        assertSame(before, state.snapshot());
        assertFalse(state.snapshot().moves().moving(1));
    }

    @Test
    void aFullReadReplacesTheMoves() {
        state.reset(List.of(KeyChange.put("dtable-cluster/handoff/10", handoff(A, B), 3)), 4);
        assertTrue(state.snapshot().moves().moving(0x10));
        assertFalse(state.reset(List.of(KeyChange.put("dtable-cluster/handoff/10", handoff(A, B), 3)), 4),
                "the same read again changes nothing");
        assertTrue(state.reset(List.of(KeyChange.put("dtable-cluster/handoff/11", handoff(B, A), 5)), 6));
        BucketMoves m = state.snapshot().moves();
        assertFalse(m.moving(0x10));
        assertEquals(B, m.handoff(0x11).from());
    }

    @Test
    void aMalformedValueIsIgnoredWithOneWarning() {
        state.reset(List.of(), 1);
        assertFalse(state.apply(KeyChange.put("dtable-cluster/handoff/20", "{\"from\": 1}", 2)));
        assertFalse(state.apply(KeyChange.put("dtable-cluster/released/20", "not json", 3)));
        assertEquals(2, state.malformed());
        assertTrue(state.snapshot().moves().open().isEmpty());
        assertNull(state.snapshot().moves().releaseKey(0x20));

        // a well-formed handoff over a malformed one counts; a malformed one over it clears it
        assertTrue(state.apply(KeyChange.put("dtable-cluster/handoff/20", handoff(A, B), 4)));
        assertTrue(state.apply(KeyChange.put("dtable-cluster/handoff/20", "[]", 5)));
        assertFalse(state.snapshot().moves().moving(0x20));
        assertEquals(3, state.malformed());
        assertFalse(state.apply(KeyChange.put("dtable-cluster/handoff/2G", handoff(A, B), 6)));
    }
}
