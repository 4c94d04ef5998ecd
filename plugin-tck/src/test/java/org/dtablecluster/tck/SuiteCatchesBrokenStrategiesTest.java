package org.dtablecluster.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dtablecluster.spi.AssignmentRequest;
import org.dtablecluster.spi.AssignmentStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.opentest4j.AssertionFailedError;

/**
 * Each broken strategy fails the suite, with a message that names seed and round. The suites
 * here pin the default seed and round count, so these tests hold whatever -Ddtable.tck.seed says.
 */
class SuiteCatchesBrokenStrategiesTest {

    private static final Pattern ROUND = Pattern.compile("seed=(-?\\d+) round=(\\d+)");

    @Test
    void anUnownedBucketFailsOnTheFirstRound() {
        var suite = suiteFor(BrokenStrategies.LeavesABucketUnowned::new);
        String message = failureOf(suite::keepsTheContractOverManyRandomRounds);
        assertTrue(message.contains("bucket ff has no owner"), message);
        assertEquals(0, roundIn(message), message);
        failureOf(suite::givesEveryBucketALiveOwnerOnAnEmptyCluster);
    }

    @Test
    void aDeadOwnerKeptIsCaught() {
        var suite = suiteFor(BrokenStrategies.KeepsDeadOwners::new);
        String message = failureOf(suite::keepsTheContractOverManyRandomRounds);
        // Through the adapter, a drained node is not live for an old strategy: either is named.
        assertTrue(message.contains("not a live node") || message.contains("which is drained"), message);
        failureOf(suite::repairMovesExactlyTheOrphanedBuckets);
    }

    @Test
    void aRepairThatMovesLiveOwnersIsCaught() {
        var suite = suiteFor(BrokenStrategies.IgnoresCurrentOwners::new);
        String message = failureOf(suite::keepsTheContractOverManyRandomRounds);
        assertTrue(message.contains("repair moved bucket"), message);
        failureOf(suite::repairOfAHealthyAssignmentChangesNothing);
    }

    @Test
    void stateKeptBetweenCallsIsCaught() {
        var suite = suiteFor(BrokenStrategies.RemembersCalls::new);
        String message = failureOf(suite::keepsTheContractOverManyRandomRounds);
        assertTrue(message.contains("not deterministic"), message);
        failureOf(suite::equalRequestsGiveEqualAssignments);
    }

    @Test
    void aBucketLeftOnADrainedNodeIsCaught() {
        var suite = suiteFor(BrokenStrategies.IgnoresDrains::new);
        String message = failureOf(suite::keepsTheContractOverManyRandomRounds);
        assertTrue(message.contains("which is drained"), message);
        assertTrue(message.contains(", drained ["), "the request shows the drains: " + message);
        failureOf(suite::honoursDrainsAndPins);
    }

    @Test
    void anIgnoredPinIsCaught() {
        var suite = suiteFor(BrokenStrategies.IgnoresPins::new);
        String message = failureOf(suite::keepsTheContractOverManyRandomRounds);
        assertTrue(message.contains("is pinned to"), message);
        failureOf(suite::honoursDrainsAndPins);
    }

    @Test
    void anOldStyleStrategyPassesThroughTheAdapterButWouldFailOnItsOwn() {
        var old = new ReferenceStrategy();
        assertFalse(old.honoursOperatorIntent(), "the reference strategy predates drains and pins");
        var suite = suiteFor(ReferenceStrategy::new);
        suite.keepsTheContractOverManyRandomRounds();
        suite.honoursDrainsAndPins();
        // The same answers, taken as they come, break the drains: the adapter is what keeps them.
        var unadapted = suiteFor(BrokenStrategies.IgnoresDrains::new);
        failureOf(unadapted::keepsTheContractOverManyRandomRounds);
    }

    @Test
    void anUnbalancedRebalanceIsCaughtWhenTheStrategyPromisesBalance() {
        var suite = new AssignmentStrategyContractTest() {
            @Override
            protected AssignmentStrategy newStrategy() {
                return new ReferenceStrategy(); // valid, but never rebalances
            }

            @Override
            protected int rebalanceSpread() {
                return 1;
            }
        };
        String message = failureOf(suite::keepsTheContractOverManyRandomRounds);
        assertTrue(message.contains("not balanced"), message);
    }

    @Test
    void aLateFailureNamesARoundThatReplaysToTheFailingRequest() {
        var suite = suiteFor(BrokenStrategies.FailsAtMidSize::new);
        String message = failureOf(suite::keepsTheContractOverManyRandomRounds);
        assertTrue(message.contains("IllegalStateException: mid-sized cluster"), message);
        assertTrue(message.contains("reproduce: -Ddtable.tck.seed="
                + AssignmentStrategyContractTest.DEFAULT_SEED), message);
        int round = roundIn(message);
        assertTrue(round > 10, message);
        AssignmentRequest replayed = suite.requestOfRound(
                AssignmentStrategyContractTest.DEFAULT_SEED, round);
        assertTrue(BrokenStrategies.FailsAtMidSize.failsAt(replayed.liveNodes().size()),
                "replayed round has " + replayed.liveNodes().size() + " live nodes");
        assertTrue(message.contains("with " + replayed.liveNodes().size() + " live nodes"),
                message);
        assertThrows(IllegalStateException.class,
                () -> new BrokenStrategies.FailsAtMidSize().assign(replayed));
    }

    @Test
    void theSeedInTheMessageIsTheSeedUsed() {
        var suite = new AssignmentStrategyContractTest() {
            @Override
            protected AssignmentStrategy newStrategy() {
                return new BrokenStrategies.LeavesABucketUnowned();
            }

            @Override
            protected long seed() {
                return -42;
            }
        };
        String message = failureOf(suite::keepsTheContractOverManyRandomRounds);
        assertTrue(message.startsWith("seed=-42 round=0:"), message);
    }

    @Test
    void aBlankNameIsCaught() {
        failureOf(suiteFor(BrokenStrategies.Blank::new)::hasANonBlankName);
        failureOf(suiteFor(BrokenStrategies.Blank::new)::hasANonBlankDescription);
    }

    @Test
    void rejectingItsOwnOptionsIsCaught() {
        var suite = new AssignmentStrategyContractTest() {
            @Override
            protected AssignmentStrategy newStrategy() {
                return new BrokenStrategies.RejectsOptions();
            }

            @Override
            protected Map<String, String> options() {
                return Map.of("zone", "a");
            }
        };
        String message = failureOf(suite::acceptsTheOptionsItIsTestedWith);
        assertTrue(message.contains("unknown options [zone]"), message);
    }

    @Test
    void theSeedAndRoundPropertiesAreReadAndCheckedByName() {
        var suite = new ReferenceStrategyContractTest();
        String seed = System.getProperty(AssignmentStrategyContractTest.SEED_PROPERTY);
        String rounds = System.getProperty(AssignmentStrategyContractTest.ROUNDS_PROPERTY);
        try {
            System.clearProperty(AssignmentStrategyContractTest.SEED_PROPERTY);
            System.clearProperty(AssignmentStrategyContractTest.ROUNDS_PROPERTY);
            assertEquals(AssignmentStrategyContractTest.DEFAULT_SEED, suite.seed());
            assertEquals(AssignmentStrategyContractTest.DEFAULT_ROUNDS, suite.rounds());
            System.setProperty(AssignmentStrategyContractTest.SEED_PROPERTY, "0x10");
            System.setProperty(AssignmentStrategyContractTest.ROUNDS_PROPERTY, "5");
            assertEquals(16, suite.seed());
            assertEquals(5, suite.rounds());
            System.setProperty(AssignmentStrategyContractTest.SEED_PROPERTY, "ten");
            System.setProperty(AssignmentStrategyContractTest.ROUNDS_PROPERTY, "0");
            var e = assertThrows(IllegalArgumentException.class, suite::seed);
            assertTrue(e.getMessage().contains("dtable.tck.seed"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, suite::rounds);
            assertTrue(e.getMessage().contains("dtable.tck.rounds"), e.getMessage());
        } finally {
            restore(AssignmentStrategyContractTest.SEED_PROPERTY, seed);
            restore(AssignmentStrategyContractTest.ROUNDS_PROPERTY, rounds);
        }
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }

    private static AssignmentStrategyContractTest suiteFor(Supplier<AssignmentStrategy> strategy) {
        return new AssignmentStrategyContractTest() {
            @Override
            protected AssignmentStrategy newStrategy() {
                return strategy.get();
            }

            @Override
            protected long seed() {
                return DEFAULT_SEED;
            }

            @Override
            protected int rounds() {
                return DEFAULT_ROUNDS;
            }
        };
    }

    private static String failureOf(Executable test) {
        String message = assertThrows(AssertionFailedError.class, test).getMessage();
        assertTrue(message.startsWith("seed="), "no seed first in: " + message);
        return message;
    }

    private static int roundIn(String message) {
        Matcher m = ROUND.matcher(message);
        assertTrue(m.find(), "no seed and round in: " + message);
        return Integer.parseInt(m.group(2));
    }
}
