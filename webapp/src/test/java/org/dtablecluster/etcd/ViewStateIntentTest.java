package org.dtablecluster.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.dtablecluster.etcd.ViewState.KeyChange;
import org.dtablecluster.view.OperatorIntent;
import org.junit.jupiter.api.Test;

/** The drained and pinned keys in the view's snapshots. */
class ViewStateIntentTest {

    private static final String A = "dtable-server-01";
    private static final String B = "dtable-server-02";
    private static final Instant AT = Instant.parse("2025-12-03T12:00:00Z");

    private final ViewState state = new ViewState(Keyspace.root());

    private static String drain() {
        return new String(IntentValues.drain("alice", AT), StandardCharsets.UTF_8);
    }

    private static String pin(String node) {
        return new String(IntentValues.pin(node), StandardCharsets.UTF_8);
    }

    @Test
    void aFullReadAndWatchedChangesFillTheIntentAndDeletionsLiftIt() {
        state.reset(List.of(KeyChange.put("dtable-cluster/drained/" + B, drain(), 2),
                KeyChange.put("dtable-cluster/pinned/3f", pin(A), 3)), 3);
        OperatorIntent i = state.snapshot().intent();
        assertEquals(Set.of(B), i.drainedIds());
        assertEquals(new OperatorIntent.Drain(Optional.of("alice"), Optional.of(AT)), i.drained().get(B));
        assertEquals(Map.of(0x3f, A), i.pins());

        assertTrue(state.apply(KeyChange.put("dtable-cluster/pinned/00", pin(B), 4)));
        assertTrue(state.apply(KeyChange.delete("dtable-cluster/drained/" + B, 5)));
        i = state.snapshot().intent();
        assertTrue(i.drained().isEmpty());
        assertEquals(Map.of(0x00, B, 0x3f, A), i.pins());
        assertFalse(state.apply(KeyChange.delete("dtable-cluster/drained/" + B, 5)), "a re-delivery changes nothing");
        assertTrue(state.apply(KeyChange.delete("dtable-cluster/pinned/3f", 6)));
        assertEquals(Map.of(0x00, B), state.snapshot().intent().pins());
    }

    @Test
    void aDrainCountsWhateverItsValueAPinNamingNoNodeIsIgnored() {
        state.reset(List.of(), 1);
        assertTrue(state.apply(KeyChange.put("dtable-cluster/drained/" + A, "not json", 2)));
        assertEquals(OperatorIntent.Drain.unknown(), state.snapshot().intent().drained().get(A));
        assertFalse(state.apply(KeyChange.put("dtable-cluster/pinned/3f", "{\"node_id\": \"nobody\"}", 3)));
        assertFalse(state.apply(KeyChange.put("dtable-cluster/pinned/3F", pin(A), 4)), "keys are lowercase hex");
        assertFalse(state.apply(KeyChange.put("dtable-cluster/drained/nobody", drain(), 5)));
        assertTrue(state.snapshot().intent().pins().isEmpty());
        assertEquals(Set.of(A), state.snapshot().intent().drainedIds());
        assertEquals(3, state.malformed(), "each bad key is reported");
    }
}
