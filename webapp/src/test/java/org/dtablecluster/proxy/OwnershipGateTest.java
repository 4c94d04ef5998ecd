package org.dtablecluster.proxy;

import static org.dtablecluster.proxy.OwnershipGate.Verdict.FORWARD;
import static org.dtablecluster.proxy.OwnershipGate.Verdict.HOLD;
import static org.dtablecluster.proxy.OwnershipGate.Verdict.STALE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.view.ClusterSnapshot;
import org.dtablecluster.view.NodeEntry;
import org.junit.jupiter.api.Test;

class OwnershipGateTest {

    private static final Duration STALE_AFTER = Duration.ofSeconds(7);
    private static final Map<String, URI> NODES = Map.of("a", URI.create("http://127.0.0.1:1/"),
            "b", URI.create("http://127.0.0.1:2/"));
    private static final long NOW = 1_000_000_000L;

    private static OwnershipGate.Verdict check(ClusterSnapshot s, int bucket, LegacyMoves legacy, Duration staleness) {
        return OwnershipGate.check(s, bucket, NOW, legacy, staleness, STALE_AFTER);
    }

    private static LegacyMoves none() {
        return new LegacyMoves(Duration.ofSeconds(5));
    }

    @Test
    void aLiveOwnerOfABucketAtRestIsForwardedTo() {
        ClusterSnapshot s = Snapshots.of(1, NODES, b -> "a");
        assertEquals(FORWARD, check(s, 0x3f, none(), Duration.ZERO));
        assertEquals(FORWARD, check(s, 0x3f, none(), STALE_AFTER), "exactly the limit is still fresh");
    }

    @Test
    void aStaleViewRefusesBeforeAnythingElse() {
        ClusterSnapshot s = Snapshots.moving(Snapshots.of(1, NODES, b -> "a"), 0x3f, "a", "b");
        assertEquals(STALE, check(s, 0x3f, none(), STALE_AFTER.plusMillis(1)));
        assertEquals(STALE, check(s, 0x40, none(), STALE_AFTER.plusMillis(1)));
    }

    @Test
    void aBucketInHandoffIsHeldAndOnlyThatOne() {
        ClusterSnapshot s = Snapshots.moving(Snapshots.of(1, NODES, b -> "a"), 0x3f, "a", "b");
        assertEquals(HOLD, check(s, 0x3f, none(), Duration.ZERO));
        assertEquals(FORWARD, check(s, 0x40, none(), Duration.ZERO));
    }

    @Test
    void aBucketWithoutLiveOwnerIsHeld() {
        ClusterSnapshot s = Snapshots.of(1, Map.of("a", NODES.get("a")), b -> b == 1 ? null : b == 2 ? "gone" : "a");
        assertEquals(HOLD, check(s, 1, none(), Duration.ZERO), "unassigned");
        assertEquals(HOLD, check(s, 2, none(), Duration.ZERO), "owner not live");
        assertEquals(FORWARD, check(s, 3, none(), Duration.ZERO));
    }

    @Test
    void aMoveAwayFromALiveNodeWithoutTheHandoffIsHeldForTheLegacyReleaseTime() {
        LegacyMoves legacy = new LegacyMoves(Duration.ofSeconds(5));
        ClusterSnapshot before = Snapshots.of(1, NODES, b -> "a");
        ClusterSnapshot after = Snapshots.of(2, NODES, b -> b == 7 ? "b" : "a");
        legacy.observe(before, NOW - 1000);
        legacy.observe(after, NOW);
        assertEquals(HOLD, check(after, 7, legacy, Duration.ZERO));
        assertEquals(FORWARD, check(after, 8, legacy, Duration.ZERO));
        assertTrue(legacy.holds(7, NOW + Duration.ofSeconds(5).toNanos() - 1));
        assertFalse(legacy.holds(7, NOW + Duration.ofSeconds(5).toNanos()), "held until then, not longer");
    }

    @Test
    void aMoveAwayFromANodeWithTheHandoffOrFromAGoneNodeIsNotHeldAsLegacy() {
        LegacyMoves legacy = new LegacyMoves(Duration.ofSeconds(5));
        Map<String, NodeEntry> live = new LinkedHashMap<>();
        live.put("a", new NodeEntry("a", URI.create("https://a/"), NODES.get("a"), Map.of("handoff", "true"), 1));
        live.put("b", Snapshots.node("b", NODES.get("b")));
        legacy.observe(new ClusterSnapshot(1, live, owners(b -> b == 9 ? "b" : "a")), NOW - 1000);
        // bucket 7 leaves "a" (handoff capability), bucket 9 leaves "b", which is gone meanwhile
        legacy.observe(new ClusterSnapshot(2, Map.of("a", live.get("a")), owners(b -> b == 7 || b == 9 ? "c" : "a")),
                NOW);
        assertFalse(legacy.holds(7, NOW));
        assertFalse(legacy.holds(9, NOW));
    }

    @Test
    void aZeroLegacyReleaseHoldsNothing() {
        LegacyMoves legacy = new LegacyMoves(Duration.ZERO);
        legacy.observe(Snapshots.of(1, NODES, b -> "a"), NOW - 1000);
        legacy.observe(Snapshots.of(2, NODES, b -> "b"), NOW);
        assertFalse(legacy.holds(0, NOW));
    }

    private static Assignment owners(java.util.function.IntFunction<String> owner) {
        Assignment.Builder a = Assignment.builder(Assignment.BUCKETS);
        for (int b = 0; b < Assignment.BUCKETS; b++) {
            a.set(b, owner.apply(b));
        }
        return a.build();
    }
}
