package org.dtablecluster.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.spi.AssignmentRequest;
import org.dtablecluster.spi.AssignmentStrategy;
import org.dtablecluster.spi.NodeInfo;
import org.dtablecluster.spi.OperatorIntentAdapter;
import org.dtablecluster.spi.RunKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.opentest4j.AssertionFailedError;

/**
 * The contract every {@link AssignmentStrategy} must keep, as a JUnit 5 suite to extend.
 *
 * <h2>Use</h2>
 * Add {@code org.dtablecluster:dtable-cluster-plugin-tck} as a test dependency of your plugin and
 * extend this class in your tests:
 * <pre>{@code
 * class MyStrategyContractTest extends AssignmentStrategyContractTest {
 *     @Override
 *     protected AssignmentStrategy newStrategy() {
 *         return new MyStrategy();
 *     }
 * }
 * }</pre>
 * Override {@link #options()} when your strategy needs options, {@link #newNode} when it reads
 * node attributes (a weighted strategy gives each node a {@code weight} there), and
 * {@link #checkRound} to check your strategy's own promises, such as balance, on every round of
 * the simulation.
 *
 * <h2>What it checks</h2>
 * The contract of the package summary, on hand-made requests and over {@value #DEFAULT_ROUNDS}
 * rounds of a simulated cluster ({@link ClusterSimulation}).
 *
 * <h2>Reproducing a failure</h2>
 * Every failure message starts with {@code seed=S round=R}. The run is a pure function of the
 * seed and your strategy, so {@code mvn test -Ddtable.tck.seed=S} fails again at round R, and
 * {@link #requestOfRound(long, int)} rebuilds that round's request for a debugger or a unit
 * test. Round R draws its randomness from {@code new Random(ClusterSimulation.roundSeed(S, R))}.
 * {@code -Ddtable.tck.rounds=N} runs more rounds, for a longer soak.
 */
public abstract class AssignmentStrategyContractTest {

    private final SuiteChecks checks = new SuiteChecks(this);

    /** The seed when {@value #SEED_PROPERTY} is not set. */
    public static final long DEFAULT_SEED = 0x5EA7AB1EL;

    /** The system property that overrides the seed; decimal, or hex with {@code 0x}. */
    public static final String SEED_PROPERTY = "dtable.tck.seed";

    /** Simulated rounds when {@value #ROUNDS_PROPERTY} is not set. */
    public static final int DEFAULT_ROUNDS = 1000;

    /** The system property that overrides the number of simulated rounds. */
    public static final String ROUNDS_PROPERTY = "dtable.tck.rounds";

    /** The strategy under test; called once per check, so return a new instance each time. */
    protected abstract AssignmentStrategy newStrategy();

    /** The options every request carries; none by default. */
    protected Map<String, String> options() {
        return Map.of();
    }

    /**
     * The registration of a node that joins or comes back. The default gives it the URLs every
     * real node registers; override to add the attributes your strategy reads. {@code random} is
     * seeded from the run's seed, so attributes drawn from it are reproducible.
     */
    protected NodeInfo newNode(String nodeId, Random random) {
        return new NodeInfo(nodeId, Map.of(
                "node_url", "https://" + nodeId + ".example.com/",
                "local_node_url", "http://" + nodeId + ".internal:5000/"));
    }

    /**
     * Checks the strategy's own promises for one answer that already keeps the contract. Called
     * for every request of every test; throw an {@link AssertionError} to fail, and the suite
     * adds the seed and round to its message. Does nothing by default.
     */
    protected void checkRound(AssignmentRequest request, Assignment result) {
    }

    /**
     * The most buckets a node holding an unpinned bucket may hold above the emptiest eligible
     * node after a rebalance (see {@link ContractChecks#assertBalanced}); -1, the default, for a
     * strategy that promises no such balance.
     */
    protected int rebalanceSpread() {
        return -1;
    }

    /** Buckets per assignment; 256, as in production. */
    protected int bucketCount() {
        return Assignment.BUCKETS;
    }

    /** The most live nodes the simulation reaches. */
    protected int maxNodes() {
        return 256;
    }

    /** The run's seed: {@value #SEED_PROPERTY} if set, else {@link #DEFAULT_SEED}. */
    protected long seed() {
        return SuiteProperties.seed(SEED_PROPERTY, DEFAULT_SEED);
    }

    /** Simulated rounds: {@value #ROUNDS_PROPERTY} if set, else {@value #DEFAULT_ROUNDS}. */
    protected int rounds() {
        return SuiteProperties.rounds(ROUNDS_PROPERTY, DEFAULT_ROUNDS);
    }

    @Test
    public void hasANonBlankName() {
        checks.inScenario("name", () -> {
            String name = newStrategy().name();
            assertNotNull(name, "name() returned null");
            assertFalse(name.isBlank(), "name() is blank");
            assertEquals(name, newStrategy().name(), "two instances have different names");
        });
    }

    @Test
    public void hasANonBlankDescription() {
        checks.inScenario("description", () -> {
            String description = newStrategy().description();
            assertNotNull(description, "description() returned null");
            assertFalse(description.isBlank(), "description() is blank");
        });
    }

    @Test
    public void acceptsTheOptionsItIsTestedWith() {
        checks.inScenario("options " + new TreeMap<>(options()), () -> {
            try {
                newStrategy().validateOptions(options());
            } catch (IllegalArgumentException e) {
                throw new AssertionFailedError("validateOptions rejected them: " + e.getMessage()
                        + " (override options() to test with other options)", e);
            }
        });
    }

    @Test
    public void givesEveryBucketALiveOwnerOnAnEmptyCluster() {
        for (int count : new int[] {1, 2, 3, 7, maxNodes()}) {
            for (RunKind kind : RunKind.values()) {
                int nodes = Math.min(count, maxNodes());
                checks.verify("empty cluster, " + nodes + " nodes",
                        request(Assignment.unassigned(bucketCount()), liveNodes(nodes), kind),
                        (request, result) -> { });
            }
        }
    }

    @Test
    public void repairMovesExactlyTheOrphanedBuckets() {
        List<NodeInfo> live = liveNodes(Math.min(4, maxNodes()));
        List<String> owners = new ArrayList<>(TestData.ids(live));
        owners.add("dtable-server-gone-1");
        Assignment.Builder current = TestData.roundRobin(bucketCount(), owners).toBuilder();
        for (int b = 0; b < bucketCount(); b += 7) {
            current.set(b, null);
        }
        checks.verify("repair after one node died and some keys were lost",
                request(current.build(), live, RunKind.REPAIR), (request, result) -> {
                    long orphans = request.current().owners().stream()
                            .filter(owner -> !request.isLive(owner)).count();
                    assertEquals(orphans, request.current().movesTo(result).size(),
                            "repair must move exactly the orphaned buckets");
                });
    }

    @Test
    public void repairOfAHealthyAssignmentChangesNothing() {
        List<NodeInfo> live = liveNodes(Math.min(3, Math.min(maxNodes(), bucketCount())));
        Map<String, Integer> lopsided = new TreeMap<>();
        for (int i = 0; i < live.size(); i++) {
            lopsided.put(live.get(i).nodeId(), i == 0 ? bucketCount() - (live.size() - 1) : 1);
        }
        Assignment current = TestData.withCounts(bucketCount(), lopsided);
        checks.verify("repair of a lopsided but complete assignment",
                request(current, live, RunKind.REPAIR), (request, result) -> assertEquals(
                        current, result, () -> "repair changed a healthy assignment; "
                                + ContractChecks.difference(current, result)));
    }

    @Test
    public void honoursDrainsAndPins() {
        List<NodeInfo> live = liveNodes(Math.min(4, maxNodes()));
        List<String> ids = TestData.ids(live);
        List<String> owners = new ArrayList<>(ids);
        owners.add("dtable-server-gone-1");
        Assignment current = TestData.roundRobin(bucketCount(), owners);
        String last = ids.get(ids.size() - 1);
        // Bucket 01 is owned by another node; the pins to the drained and the dead node are ignored.
        Map<Integer, String> pins = Map.of(1, ids.get(0), bucketCount() - 1, "dtable-server-gone-1",
                bucketCount() / 2, last);
        for (RunKind kind : RunKind.values()) {
            checks.verify(kind + " with " + last + " drained and pins to a live, a drained and a dead node",
                    request(current, live, kind).withOperatorIntent(Set.of(last), pins), (request, result) -> {
                        boolean drainsHold = ids.size() > 1;
                        assertEquals(drainsHold ? List.of() : result.bucketsOf(last), result.bucketsOf(last),
                                "buckets left on the drained node");
                        assertEquals(ids.get(0), result.ownerOrNull(1), "bucket 01 is pinned");
                    });
            checks.verify(kind + " with every live node drained: drains are void",
                    request(current, live, kind).withOperatorIntent(new TreeSet<>(ids), Map.of()),
                    (request, result) -> { });
        }
    }

    @Test
    public void equalRequestsGiveEqualAssignments() {
        for (int i = 0; i < 20; i++) {
            Random random = new Random(ClusterSimulation.roundSeed(seed(), -1 - i));
            int count = 1 + random.nextInt(Math.min(maxNodes(), 40));
            RunKind kind = random.nextBoolean() ? RunKind.REPAIR : RunKind.REBALANCE;
            checks.verify("random state " + i, TestData.randomRequest(
                    random, bucketCount(), liveNodes(count), options(), kind),
                    (request, result) -> { });
        }
    }

    @Test
    @Timeout(60)
    public void keepsTheContractOverManyRandomRounds() {
        long seed = seed();
        AssignmentStrategy strategy = newStrategy();
        ClusterSimulation simulation = newSimulation(seed);
        for (int round = 0, rounds = rounds(); round < rounds; round++) {
            AssignmentRequest request = simulation.nextRequest();
            Assignment result;
            try {
                result = checks.check(strategy, request);
            } catch (AssertionError | RuntimeException e) {
                String where = "seed=" + seed + " round=" + round;
                throw new AssertionFailedError(SuiteChecks.failure(where, request, e)
                        + "\n  reproduce: -D" + SEED_PROPERTY + "=" + seed + ", or requestOfRound("
                        + seed + "L, " + round + ") for this round's request", e);
            }
            simulation.accept(result);
        }
    }

    /**
     * The request of round {@code round} of the simulation seeded with {@code seed}, replaying
     * the earlier rounds with a new strategy.
     */
    public final AssignmentRequest requestOfRound(long seed, int round) {
        AssignmentStrategy strategy = newStrategy();
        ClusterSimulation simulation = newSimulation(seed);
        while (simulation.round() < round) {
            simulation.accept(OperatorIntentAdapter.assign(strategy, simulation.nextRequest()));
        }
        return simulation.nextRequest();
    }

    /** The simulation this suite runs, configured by the hooks. */
    protected final ClusterSimulation newSimulation(long seed) {
        return new ClusterSimulation(seed, bucketCount(), maxNodes(), options(), this::newNode);
    }

    /** Nodes {@code dtable-server-01} ... made by {@link #newNode}, reproducible per seed. */
    protected final List<NodeInfo> liveNodes(int count) {
        Random random = new Random(ClusterSimulation.roundSeed(seed(), Integer.MIN_VALUE + count));
        List<NodeInfo> nodes = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            nodes.add(newNode(TestData.nodeId(i), random));
        }
        return nodes;
    }

    /** A request with this suite's options. */
    protected final AssignmentRequest request(
            Assignment current, List<NodeInfo> nodes, RunKind kind) {
        return AssignmentRequest.of(current, nodes, options(), kind);
    }
}
