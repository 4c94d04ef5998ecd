package org.dtablecluster.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dtablecluster.etcd.ViewState.KeyChange;
import org.dtablecluster.view.ClusterSnapshot;
import org.junit.jupiter.api.Test;

class ViewStateTest {

    private final ViewState state = new ViewState(Keyspace.root());

    static String registration(String id) {
        return "{\"node_id\":\"" + id + "\",\"node_url\":\"https://" + id + "/\",\"local_node_url\":\"http://" + id + "/\"}";
    }

    @Test
    void fullReadThenChanges() {
        assertTrue(state.reset(List.of(
                KeyChange.put("dtable-server-01", registration("dtable-server-01"), 3),
                KeyChange.put("assign-00", "dtable-server-01", 4)), 5));
        ClusterSnapshot s = state.snapshot();
        assertEquals(5, s.revision());
        assertEquals("dtable-server-01", s.liveOwner(0).nodeId());

        assertTrue(state.apply(KeyChange.put("assign-01", "dtable-server-01", 6)));
        assertTrue(state.apply(KeyChange.delete("dtable-server-01", 7)));
        s = state.snapshot();
        assertEquals(7, s.revision());
        assertEquals("dtable-server-01", s.assignment().ownerOrNull(1));
        assertNull(s.liveOwner(1), "owner is not live any more");
        assertTrue(s.liveNodes().isEmpty());
    }

    @Test
    void redeliveredEventsChangeNothing() {
        state.reset(List.of(), 10);
        assertTrue(state.apply(KeyChange.put("assign-0f", "dtable-server-01", 11)));
        assertTrue(state.apply(KeyChange.put("assign-0f", "dtable-server-02", 12)));
        assertFalse(state.apply(KeyChange.delete("assign-10", 13)), "deleting an unset owner changes nothing");
        ClusterSnapshot before = state.snapshot();

        // a resumed watch sends 11 and 12 again; and an event older than the full read
        assertFalse(state.apply(KeyChange.put("assign-0f", "dtable-server-01", 11)));
        assertFalse(state.apply(KeyChange.put("assign-0f", "dtable-server-02", 12)));
        assertFalse(state.apply(KeyChange.put("assign-20", "dtable-server-09", 9)));
        assertSame(before, state.snapshot());
        assertEquals("dtable-server-02", state.snapshot().assignment().ownerOrNull(15));
        assertEquals(3, state.redelivered());
    }

    @Test
    void aRedeliveredPutAfterADeleteDoesNotResurrectTheKey() {
        state.reset(List.of(), 1);
        state.apply(KeyChange.put("dtable-server-01", registration("dtable-server-01"), 2));
        state.apply(KeyChange.delete("dtable-server-01", 3));
        assertFalse(state.apply(KeyChange.put("dtable-server-01", registration("dtable-server-01"), 2)));
        assertTrue(state.snapshot().liveNodes().isEmpty());
    }

    @Test
    void severalKeysOfOneRevisionAllApply() {
        state.reset(List.of(), 1);
        for (int b = 0; b < 256; b++) {
            assertTrue(state.apply(KeyChange.put(Keyspace.root().assignKey(b), "dtable-server-01", 2)));
        }
        assertTrue(state.snapshot().assignment().isComplete());
    }

    @Test
    void badKeysAndValuesAreSkippedAndCounted() {
        state.reset(List.of(
                KeyChange.put("dtable-server-01", registration("dtable-server-01"), 2),
                KeyChange.put("dtable-server-02", "{broken", 3),
                KeyChange.put("assign-zz", "dtable-server-01", 4),
                KeyChange.put("assign-01", "  ", 5),
                KeyChange.put("assign-02", "dtable-server-01", 6)), 6);
        ClusterSnapshot s = state.snapshot();
        assertEquals(List.of("dtable-server-01"), List.copyOf(s.liveNodes().keySet()));
        assertNull(s.assignment().ownerOrNull(1));
        assertEquals("dtable-server-01", s.assignment().ownerOrNull(2));
        assertEquals(3, state.malformed());

        // the same bad data read again is not logged or counted again
        state.reset(List.of(KeyChange.put("dtable-server-02", "{broken", 3)), 6);
        assertEquals(3, state.malformed());
    }

    @Test
    void aNodeWhoseValueGoesBadKeepsItsLastValidEntryUntilTheKeyGoes() {
        state.reset(List.of(KeyChange.put("dtable-server-01", registration("dtable-server-01"), 2)), 2);
        assertFalse(state.apply(KeyChange.put("dtable-server-01", "{\"node_url\":42}", 3)),
                "someone else's bad value changes nothing");
        assertEquals(2, state.snapshot().liveNodes().get("dtable-server-01").modRevision());
        assertEquals(1, state.malformed());

        // a full read that finds the bad value keeps the entry too
        state.reset(List.of(KeyChange.put("dtable-server-01", "{broken", 4)), 4);
        assertEquals(2, state.snapshot().liveNodes().get("dtable-server-01").modRevision());

        assertTrue(state.apply(KeyChange.put("dtable-server-01", registration("dtable-server-01"), 5)));
        assertEquals(5, state.snapshot().liveNodes().get("dtable-server-01").modRevision());
        assertTrue(state.apply(KeyChange.delete("dtable-server-01", 6)));
        assertTrue(state.snapshot().liveNodes().isEmpty(), "the key gone, the node goes");
    }

    @Test
    void otherKeysAdvanceTheRevisionOnly() {
        state.reset(List.of(), 1);
        ClusterSnapshot before = state.snapshot();
        assertFalse(state.apply(KeyChange.put("dtable-cluster/monitor/leader/1", "x", 2)));
        assertEquals(2, state.revision());
        assertSame(before, state.snapshot());
    }

    @Test
    void everyFullReadYieldsASnapshotAtItsRevision() {
        state.reset(List.of(), 4);
        ClusterSnapshot first = state.snapshot();
        assertEquals(4, first.revision());
        assertFalse(state.reset(List.of(), 9));
        assertEquals(9, state.snapshot().revision());
    }
}
