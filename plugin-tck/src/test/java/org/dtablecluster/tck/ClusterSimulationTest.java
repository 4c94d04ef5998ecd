package org.dtablecluster.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.spi.AssignmentRequest;
import org.dtablecluster.spi.AssignmentStrategy;
import org.dtablecluster.spi.NodeInfo;
import org.junit.jupiter.api.Test;

class ClusterSimulationTest {

    private static final long SEED = AssignmentStrategyContractTest.DEFAULT_SEED;

    @Test
    void aThousandRoundsReachEveryCornerTheSuitePromises() {
        ClusterSimulation simulation = simulation(SEED);
        run(simulation, new ReferenceStrategy(), 1000);
        Coverage c = simulation.coverage();
        assertEquals(1000, c.rounds());
        assertEquals(1, c.minLiveNodes(), c.toString());
        assertEquals(256, c.maxLiveNodes(), c.toString());
        assertTrue(c.repairs() >= 400 && c.rebalances() >= 250, c.toString());
        assertTrue(c.withUnowned() >= 100, c.toString());
        assertTrue(c.withDeadOwners() >= 100, c.toString());
        assertTrue(c.withStaleReturns() >= 20, c.toString());
        assertTrue(c.withDrains() >= 100, c.toString());
        assertTrue(c.withEveryNodeDrained() >= 10, c.toString());
        assertTrue(c.withPins() >= 200, c.toString());
        assertTrue(c.withIgnoredPins() >= 50, c.toString());
        assertTrue(c.withOverPinnedNode() >= 20, c.toString());
    }

    @Test
    void theSameSeedGivesTheSameRequests() {
        assertEquals(requests(SEED, new ReferenceStrategy(), 200),
                requests(SEED, new ReferenceStrategy(), 200));
        assertNotEquals(requests(SEED, new ReferenceStrategy(), 200),
                requests(SEED + 1, new ReferenceStrategy(), 200));
    }

    @Test
    void membershipDoesNotDependOnTheStrategy() {
        List<AssignmentRequest> reference = requests(SEED, new ReferenceStrategy(), 300);
        List<AssignmentRequest> other = requests(SEED, new AllToFirstNode(), 300);
        for (int round = 0; round < reference.size(); round++) {
            assertEquals(reference.get(round).liveNodes(), other.get(round).liveNodes(),
                    "round " + round);
            assertEquals(reference.get(round).kind(), other.get(round).kind(), "round " + round);
            assertEquals(reference.get(round).drainedNodes(), other.get(round).drainedNodes(), "round " + round);
            assertEquals(reference.get(round).pins(), other.get(round).pins(), "round " + round);
        }
        assertNotEquals(reference, other, "the strategies' answers should differ");
    }

    @Test
    void returningNodesComeBackUnderTheirOldIds() {
        ClusterSimulation simulation = simulation(SEED);
        Set<String> seen = new HashSet<>();
        Set<String> returned = new TreeSet<>();
        Set<String> previous = Set.of();
        AssignmentStrategy strategy = new ReferenceStrategy();
        for (int round = 0; round < 300; round++) {
            AssignmentRequest request = simulation.nextRequest();
            for (String id : request.liveNodes().keySet()) {
                if (seen.contains(id) && !previous.contains(id)) {
                    returned.add(id);
                }
            }
            seen.addAll(request.liveNodes().keySet());
            previous = request.liveNodes().keySet();
            simulation.accept(strategy.assign(request));
        }
        assertTrue(returned.size() >= 10, "returned: " + returned);
    }

    @Test
    void theRequestWaitsForItsAnswer() {
        ClusterSimulation simulation = simulation(SEED);
        AssignmentRequest first = simulation.nextRequest();
        assertSame(first, simulation.nextRequest());
        assertEquals(0, simulation.round());
        simulation.accept(new ReferenceStrategy().assign(first));
        assertEquals(1, simulation.round());
        assertThrows(IllegalStateException.class,
                () -> simulation.accept(Assignment.unassigned(256)));
    }

    @Test
    void anAnswerOfTheWrongSizeIsRefused() {
        ClusterSimulation simulation = simulation(SEED);
        simulation.nextRequest();
        assertThrows(IllegalArgumentException.class,
                () -> simulation.accept(Assignment.unassigned(16)));
    }

    @Test
    void roundSeedsArePinnedSoReportedSeedsStayReproducible() {
        // SplitMix64's first output for seed 0, a published value.
        assertEquals(0xE220A8397B1DCDAFL, ClusterSimulation.roundSeed(0, 0));
        assertNotEquals(ClusterSimulation.roundSeed(SEED, 1), ClusterSimulation.roundSeed(SEED, 2));
        assertNotEquals(ClusterSimulation.roundSeed(1, 0), ClusterSimulation.roundSeed(2, 0));
    }

    private static ClusterSimulation simulation(long seed) {
        return new ClusterSimulation(seed, 256, 256, Map.of(), (id, random) -> NodeInfo.of(id));
    }

    private static List<AssignmentRequest> requests(long seed, AssignmentStrategy s, int rounds) {
        ClusterSimulation simulation = simulation(seed);
        return run(simulation, s, rounds);
    }

    private static List<AssignmentRequest> run(ClusterSimulation simulation,
            AssignmentStrategy strategy, int rounds) {
        List<AssignmentRequest> requests = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            AssignmentRequest request = simulation.nextRequest();
            requests.add(request);
            simulation.accept(strategy.assign(request));
        }
        return requests;
    }

    /** A valid strategy unlike the reference one: every orphan goes to the first live node. */
    private static final class AllToFirstNode extends ReferenceStrategy {
        @Override
        public Assignment assign(AssignmentRequest request) {
            Assignment.Builder owners = request.current().toBuilder();
            for (int b = 0; b < request.bucketCount(); b++) {
                if (!request.isLive(owners.get(b))) {
                    owners.set(b, request.liveNodes().firstKey());
                }
            }
            return owners.build();
        }
    }
}
