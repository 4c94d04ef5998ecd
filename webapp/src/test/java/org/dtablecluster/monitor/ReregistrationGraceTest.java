package org.dtablecluster.monitor;

import static org.dtablecluster.monitor.Snapshots.node;
import static org.dtablecluster.monitor.Snapshots.roundRobin;
import static org.dtablecluster.monitor.Snapshots.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.dtablecluster.spi.Assignment;
import org.junit.jupiter.api.Test;

class ReregistrationGraceTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration GRACE = Duration.ofSeconds(30);
    private static final String A = "dtable-server-a";
    private static final String B = "dtable-server-b";

    private final ReregistrationGrace grace = new ReregistrationGrace(GRACE);

    @Test
    void withoutAGraceNothingIsHeld() {
        assertEquals(Set.of(), grace.held(snapshot(10, List.of(node(A, 5)), roundRobin(A, B)), T0));
    }

    @Test
    void afterElectionMissingOwnersAreHeldUntilTheDeadline() {
        assertEquals(Optional.of(T0.plus(GRACE)), grace.begin(T0));
        var s = snapshot(10, List.of(node(A, 5)), roundRobin(A, B));
        assertEquals(Set.of(B), grace.held(s, T0.plusSeconds(29)));
        assertTrue(grace.isActive());
        assertEquals(Set.of(), grace.held(s, T0.plus(GRACE)));
        assertFalse(grace.isActive());
    }

    @Test
    void afterElectionTheGraceEndsOnceEveryNamedOwnerIsLive() {
        grace.begin(T0);
        assertEquals(Set.of(B), grace.held(snapshot(10, List.of(node(A, 5)), roundRobin(A, B)), T0.plusSeconds(1)));
        assertEquals(Set.of(), grace.held(snapshot(11, List.of(node(A, 5), node(B, 11)), roundRobin(A, B)),
                T0.plusSeconds(2)));
        assertFalse(grace.isActive(), "a later departure must not be held");
        assertEquals(Set.of(), grace.held(snapshot(12, List.of(node(A, 5)), roundRobin(A, B)), T0.plusSeconds(3)));
    }

    @Test
    void aFreshClusterWithNoAssignKeysEndsTheGraceAtOnce() {
        grace.begin(T0);
        assertEquals(Set.of(), grace.held(snapshot(3, List.of(node(A, 2)), Assignment.unassigned(256)), T0));
        assertFalse(grace.isActive());
    }

    @Test
    void afterAnOutageRegistrationsFromBeforeItDoNotEndTheGrace() {
        // both look live, but A's registration predates the outage: its lease may be dead
        grace.beginAfterOutage(T0, 100);
        var zombies = snapshot(100, List.of(node(A, 50), node(B, 60)), roundRobin(A, B));
        assertEquals(Set.of(), grace.held(zombies, T0.plusSeconds(1)));
        assertTrue(grace.isActive());
        // A's old lease runs out: A is held, not moved
        assertEquals(Set.of(A), grace.held(snapshot(101, List.of(node(B, 60)), roundRobin(A, B)), T0.plusSeconds(5)));
        // both registered again since the outage: over
        assertEquals(Set.of(), grace.held(snapshot(103, List.of(node(A, 102), node(B, 103)), roundRobin(A, B)),
                T0.plusSeconds(6)));
        assertFalse(grace.isActive());
    }

    @Test
    void electionDuringAnOutageGraceKeepsTheStricterRuleAndTheLaterDeadline() {
        grace.beginAfterOutage(T0, 100);
        grace.begin(T0.plusSeconds(10));
        assertEquals(Optional.of(T0.plusSeconds(40)), grace.deadline());
        assertEquals(Set.of(), grace.held(snapshot(100, List.of(node(A, 50), node(B, 60)), roundRobin(A, B)),
                T0.plusSeconds(11)));
        assertTrue(grace.isActive(), "live but not re-registered since the outage");
    }

    @Test
    void aZeroGraceIsOff() {
        ReregistrationGrace off = new ReregistrationGrace(Duration.ZERO);
        assertEquals(Optional.empty(), off.begin(T0));
        assertEquals(Optional.empty(), off.beginAfterOutage(T0, 5));
        assertEquals(Set.of(), off.held(snapshot(10, List.of(node(A, 5)), roundRobin(A, B)), T0));
    }
}
