package org.dtablecluster.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The automatic rebalance's decision, with time passed in. */
class AutoRebalanceTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Set<String> AB = Set.of("dtable-server-01", "dtable-server-02");
    private static final Set<String> ABC = Set.of("dtable-server-01", "dtable-server-02", "dtable-server-03");

    private final AutoRebalance auto = new AutoRebalance(true, Duration.ofSeconds(30), 64);

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    @Test
    void runsOnlyOnceTheLiveNodesWereStableForTheHoldOff() {
        auto.live(AB, at(0));
        auto.live(ABC, at(10));
        assertFalse(auto.decide(at(39), true).run(), "29 s after the join");
        assertEquals(64, auto.decide(at(40), true).budget(), "30 s after the join");
    }

    @Test
    void aFlappingNodeRestartsTheHoldOffAndCausesOneRebalance() {
        auto.live(AB, at(-100));
        assertTrue(auto.decide(at(-60), true).run());
        auto.ran(0, 0, at(-60)); // balanced
        int moving = 0;
        int lastRun = -1;
        boolean unbalanced = false;
        for (int s = 0; s <= 300; s++) {
            if (s > 0 && s <= 90 && s % 10 == 0) {
                auto.live(s % 20 == 10 ? ABC : AB, at(s)); // joins at 10 s, leaves at 20 s, ... joins at 90 s
                unbalanced = true;
            }
            if (auto.decide(at(s), true).run()) {
                int moved = unbalanced ? 40 : 0;
                unbalanced = false;
                moving += moved > 0 ? 1 : 0;
                lastRun = moved > 0 ? s : lastRun;
                auto.ran(moved, 0, at(s));
            }
        }
        assertEquals(1, moving, "one rebalance that moves");
        assertEquals(120, lastRun, "at the last join + the hold-off");
    }

    @Test
    void neverMovesMoreThanTheLimitInAnyRollingMinute() {
        AutoRebalance slow = new AutoRebalance(true, Duration.ZERO, 10);
        slow.live(ABC, at(0));
        int[] perSecond = new int[600];
        int left = 85;
        for (int s = 0; s < 600 && left > 0; s++) {
            AutoRebalance.Decision d = slow.decide(at(s), true);
            if (d.run()) {
                int moved = Math.min(d.budget(), left);
                left -= moved;
                perSecond[s] = moved;
                slow.ran(moved, left, at(s));
            }
        }
        assertEquals(0, left, "the whole plan is done in the end");
        for (int s = 0; s < 600; s++) {
            int inMinute = 0;
            for (int t = s; t < Math.min(600, s + 60); t++) {
                inMinute += perSecond[t];
            }
            assertTrue(inMinute <= 10, "moves in the minute from " + s + " s: " + inMinute);
        }
    }

    @Test
    void waitsWhileEarlierMovesAreInHandoff() {
        auto.live(ABC, at(0));
        assertFalse(auto.decide(at(60), false).run());
        assertTrue(auto.decide(at(60), true).run());
    }

    @Test
    void aBalancedClusterIsNotPlannedAgainUntilTheLiveNodesChange() {
        auto.live(ABC, at(0));
        assertTrue(auto.decide(at(30), true).run());
        auto.ran(0, 0, at(30));
        assertFalse(auto.decide(at(3600), true).run());
        auto.live(AB, at(3600));
        assertTrue(auto.decide(at(3630), true).run());
    }

    @Test
    void offMeansNeverAndTheBudgetIsValidated() {
        AutoRebalance off = new AutoRebalance(false, Duration.ZERO, 64);
        off.live(ABC, at(0));
        assertFalse(off.decide(at(100), true).run());
        assertEquals("auto_rebalance is off", off.decide(at(100), true).reason().orElseThrow());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new AutoRebalance(true, Duration.ZERO, 0));
    }
}
