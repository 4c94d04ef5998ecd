package org.dtablecluster.strategy.rendezvous;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.spi.AssignmentRequest;
import org.dtablecluster.spi.AssignmentStrategy;
import org.dtablecluster.spi.Move;
import org.dtablecluster.spi.NodeInfo;
import org.dtablecluster.spi.RunKind;
import org.dtablecluster.tck.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RendezvousStrategyTest {

    /** Owners of buckets 00..ff over dtable-server-01..03, from the Python reference (1 = -01). */
    private static final String THREE_NODE_OWNERS =
            "33333111322321131131111311133122131121231111231211112322311313211332331232231223121323"
            + "21123232323131112131132113131332331231132311311231223112223111211133211232333212121311"
            + "211333111121313232232231321213323333123321222223233222321222223231213211221132323322";

    private final RendezvousStrategy strategy = new RendezvousStrategy();

    @Test
    void serviceLoaderFindsItByName() {
        AssignmentStrategy found = ServiceLoader.load(AssignmentStrategy.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(s -> s.name().equals("rendezvous"))
                .findFirst().orElseThrow(() -> new AssertionError("rendezvous not found"));
        assertInstanceOf(RendezvousStrategy.class, found);
    }

    @Test
    void everyBucketOfAThreeNodeClusterIsWhereThePythonReferencePutsIt() {
        assertEquals(256, THREE_NODE_OWNERS.length());
        Assignment result = strategy.assign(AssignmentRequest.of(
                Assignment.unassigned(256), TestData.nodes(3), RunKind.REPAIR));
        for (int b = 0; b < 256; b++) {
            assertEquals(TestData.nodeId(THREE_NODE_OWNERS.charAt(b) - '0'), result.ownerOrNull(b), "bucket " + b);
        }
        assertEquals(Map.of(TestData.nodeId(1), 93, TestData.nodeId(2), 80, TestData.nodeId(3), 83),
                result.bucketCounts());
    }

    @Test
    void aRebalanceIgnoresTheCurrentOwners() {
        List<NodeInfo> nodes = TestData.nodes(5);
        Assignment fromNothing = strategy.assign(
                AssignmentRequest.of(Assignment.unassigned(256), nodes, RunKind.REBALANCE));
        Assignment allOnOne = TestData.roundRobin(256, List.of(TestData.nodeId(2)));
        assertEquals(fromNothing, strategy.assign(AssignmentRequest.of(allOnOne, nodes, RunKind.REBALANCE)));
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 7, 20, 100})
    void aNodeLeavingMovesOnlyItsOwnBucketsInBothKindsOfRun(int n) {
        List<NodeInfo> all = TestData.nodes(n);
        Assignment before = strategy.assign(AssignmentRequest.of(Assignment.unassigned(256), all, RunKind.REBALANCE));
        for (int lost = 0; lost < n; lost += Math.max(1, n / 3)) {
            String lostId = all.get(lost).nodeId();
            List<NodeInfo> survivors = new ArrayList<>(all);
            survivors.remove(lost);
            for (RunKind kind : RunKind.values()) {
                Assignment after = strategy.assign(AssignmentRequest.of(before, survivors, kind));
                List<Integer> moved = before.movesTo(after).stream().map(Move::bucket).toList();
                assertEquals(before.bucketsOf(lostId), moved, kind + " n=" + n + " lost " + lostId);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5, 20, 100})
    void aNodeJoiningTakesBucketsOnlyOnRebalanceAndEveryMoveGoesToIt(int n) {
        Assignment before = strategy.assign(
                AssignmentRequest.of(Assignment.unassigned(256), TestData.nodes(n), RunKind.REBALANCE));
        List<NodeInfo> more = TestData.nodes(n + 1);
        String joined = TestData.nodeId(n + 1);
        assertEquals(before, strategy.assign(AssignmentRequest.of(before, more, RunKind.REPAIR)));
        List<Move> moves = before.movesTo(strategy.assign(AssignmentRequest.of(before, more, RunKind.REBALANCE)));
        assertTrue(moves.stream().allMatch(m -> m.to().equals(joined)), moves.toString());
        assertTrue(!moves.isEmpty() && moves.size() < 2.5 * 256 / (n + 1), moves.size() + " moves for n=" + n);
    }

    @Test
    void aRepairKeepsLiveOwnersOffTheirHashAndSendsOrphansToTheirs() {
        List<NodeInfo> nodes = TestData.nodes(3);
        // Every bucket on node 1, a few lost: the lost ones go to their rendezvous owner.
        Assignment.Builder current = TestData.roundRobin(256, List.of(TestData.nodeId(1))).toBuilder();
        current.set(0, null).set(139, "dtable-server-gone").set(255, null);
        Assignment result = strategy.assign(AssignmentRequest.of(current.build(), nodes, RunKind.REPAIR));
        assertEquals(TestData.nodeId(3), result.ownerOrNull(0));
        assertEquals(TestData.nodeId(1), result.ownerOrNull(139));
        assertEquals(TestData.nodeId(2), result.ownerOrNull(255));
        assertEquals(List.of(0, 139, 255), current.build().movesTo(result).stream().map(Move::bucket).toList());
        assertNotEquals(TestData.nodeId(1), RendezvousHash.owner(1, TestData.ids(nodes)),
                "bucket 01 stays on node 1 although its rendezvous owner is another node");
        assertEquals(TestData.nodeId(1), result.ownerOrNull(1));
    }

    @Test
    void itTakesNoOptions() {
        strategy.validateOptions(Map.of());
        var e = assertThrows(IllegalArgumentException.class, () -> strategy.validateOptions(Map.of("seed", "1")));
        assertEquals("rendezvous takes no options, but got [seed]; remove them from strategy_options", e.getMessage());
    }

    @Test
    void itHasItsName() {
        assertEquals("rendezvous", strategy.name());
        assertTrue(strategy.description().contains("rendezvous hash"), strategy.description());
    }

    @Test
    void aDrainMovesOnlyTheDrainedNodesBucketsAndAPinOverridesTheHash() {
        var nodes = TestData.nodes(5);
        var strategy = new RendezvousStrategy();
        var before = strategy.assign(AssignmentRequest.of(
                Assignment.unassigned(256), nodes, RunKind.REBALANCE));
        var drained = AssignmentRequest.of(before, nodes, RunKind.REBALANCE)
                .withOperatorIntent(Set.of("dtable-server-03"), Map.of(0, "dtable-server-05"));
        var after = strategy.assign(drained);
        for (var m : before.movesTo(after)) {
            assertTrue(
                    m.from().equals("dtable-server-03") || m.bucket() == 0, m.toString());
        }
        assertEquals(List.of(), after.bucketsOf("dtable-server-03"));
        assertEquals("dtable-server-05", after.ownerOrNull(0));
        var withoutDrained = new ArrayList<>(TestData.ids(nodes));
        withoutDrained.remove("dtable-server-03");
        for (int b = 1; b < 256; b++) {
            assertEquals(RendezvousHash.owner(b, withoutDrained), after.ownerOrNull(b));
        }
    }
}
