package org.dtablecluster.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.spi.AssignmentRequest;
import org.dtablecluster.spi.AssignmentStrategy;
import org.dtablecluster.spi.AssignmentValidator;
import org.dtablecluster.spi.Move;
import org.dtablecluster.spi.NodeInfo;
import org.dtablecluster.spi.OperatorIntentAdapter;
import org.dtablecluster.spi.RunKind;

/**
 * The rules of {@link AssignmentStrategy}, as JUnit assertions whose messages name the first
 * offending bucket. The contract suite uses them every round; a plugin's own tests may use them
 * directly on hand-made requests. A strategy that does not
 * {@linkplain AssignmentStrategy#honoursOperatorIntent() honour drains and pins itself} is asked
 * through {@link OperatorIntentAdapter}, as the monitor asks it.
 */
public final class ContractChecks {

    private ContractChecks() {
    }

    /**
     * Asks {@code strategy} once and checks that it neither throws nor changes the request: every
     * part of a request is immutable, so only reflection could, and the monitor reuses the
     * request after the call.
     */
    public static Assignment assign(AssignmentStrategy strategy, AssignmentRequest request) {
        AssignmentRequest before = copyOf(request);
        Assignment result = OperatorIntentAdapter.assign(strategy, request);
        assertUnchanged(before, request);
        return result;
    }

    /** Fails when {@code request} no longer equals {@code before}, a copy taken earlier. */
    public static void assertUnchanged(AssignmentRequest before, AssignmentRequest request) {
        assertEquals(before, request, "the strategy changed the request it was given");
    }

    /**
     * Rules 1, 2, 4 and 5: every bucket has exactly one owner, which is live and, while some live
     * node is not drained, not drained; every pin to an eligible node is honoured; a repair keeps
     * every staying owner. Also runs the monitor's own {@link AssignmentValidator}, so the two
     * agree.
     */
    public static void assertValid(AssignmentRequest request, Assignment result) {
        assertNotNull(result, "the strategy returned null");
        assertEquals(request.bucketCount(), result.bucketCount(), "bucket count of the result");
        for (int b = 0; b < result.bucketCount(); b++) {
            String owner = result.ownerOrNull(b);
            if (owner == null) {
                fail("bucket " + Assignment.hex(b) + " has no owner");
            }
            if (!request.isLive(owner)) {
                fail("bucket " + Assignment.hex(b) + " is given to " + owner + ", not a live node");
            }
            if (!request.isEligible(owner)) {
                fail("bucket " + Assignment.hex(b) + " is given to " + owner + ", which is drained, while "
                        + request.eligibleNodes().size() + " live nodes are not");
            }
            String pin = request.pinnedOwner(b).orElse(owner);
            if (!pin.equals(owner)) {
                fail("bucket " + Assignment.hex(b) + " is pinned to " + pin + " but given to " + owner);
            }
            String staying = request.stayingOwner(b).orElse(null);
            if (request.kind() == RunKind.REPAIR && staying != null && !staying.equals(owner)) {
                fail("repair moved bucket " + Assignment.hex(b) + " from live node " + staying
                        + " to " + owner);
            }
        }
        AssignmentValidator.check(request, result);
    }

    /**
     * Balance among the eligible nodes, counting pinned buckets: no node that holds an unpinned
     * bucket holds more than {@code spread} buckets above the emptiest eligible node. A node may
     * hold more only if all it holds is pinned there, since those buckets cannot move.
     */
    public static void assertBalanced(AssignmentRequest request, Assignment result, int spread) {
        Map<String, Integer> counts = TestData.eligibleCounts(request, result);
        String emptiest = counts.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow().getKey();
        for (int b = 0; b < result.bucketCount(); b++) {
            String owner = result.ownerOrNull(b);
            if (request.pinnedOwner(b).isEmpty() && counts.get(owner) - counts.get(emptiest) > spread) {
                fail("not balanced: " + owner + " holds " + counts.get(owner) + " buckets, unpinned bucket "
                        + Assignment.hex(b) + " among them, while " + emptiest + " holds " + counts.get(emptiest)
                        + " (at most " + spread + " apart); eligible counts " + counts + ", pins "
                        + request.pinnedCounts());
            }
        }
    }

    /**
     * Rule 3: {@code first}, the answer {@code strategy} gave to {@code request}, comes back when
     * the same instance is asked again, when it is asked with an equal request built from
     * differently ordered input, and when a new instance is asked (so no state leaks between
     * calls).
     */
    public static void assertDeterministic(AssignmentStrategy strategy, AssignmentStrategy fresh,
            AssignmentRequest request, Assignment first) {
        assertSame(first, OperatorIntentAdapter.assign(strategy, request), "asking the same instance again");
        AssignmentRequest reordered = reordered(request);
        assertSame(first, OperatorIntentAdapter.assign(strategy, reordered),
                "asking with an equal request built from reordered nodes, attributes and options");
        assertUnchanged(request, reordered);
        AssignmentRequest copy = copyOf(request);
        assertSame(first, OperatorIntentAdapter.assign(fresh, copy),
                "asking a new instance (does the strategy keep state between calls?)");
        assertUnchanged(request, copy);
    }

    /** An equal request sharing no object with {@code request}. */
    public static AssignmentRequest copyOf(AssignmentRequest request) {
        List<NodeInfo> nodes = new ArrayList<>();
        for (NodeInfo n : request.liveNodes().values()) {
            nodes.add(new NodeInfo(n.nodeId(), new TreeMap<>(n.attributes())));
        }
        return AssignmentRequest.of(Assignment.of(request.current().owners()), nodes,
                new TreeMap<>(request.options()), request.kind())
                .withOperatorIntent(new TreeSet<>(request.drainedNodes()), new TreeMap<>(request.pins()));
    }

    /**
     * An equal request built the other way round: nodes listed in reverse, handed over in a map
     * sorted in reverse, attributes and options inserted in reverse order, and drains and pins
     * handed over sorted in reverse.
     */
    public static AssignmentRequest reordered(AssignmentRequest request) {
        TreeMap<String, NodeInfo> nodes = new TreeMap<>(Comparator.reverseOrder());
        List<NodeInfo> reversed = new ArrayList<>(request.liveNodes().values());
        Collections.reverse(reversed);
        for (NodeInfo n : reversed) {
            nodes.put(n.nodeId(), new NodeInfo(n.nodeId(), reversedCopy(n.attributes())));
        }
        Assignment current = Assignment.of(request.current().owners());
        TreeSet<String> drained = new TreeSet<>(Comparator.reverseOrder());
        drained.addAll(request.drainedNodes());
        TreeMap<Integer, String> pins = new TreeMap<>(Comparator.reverseOrder());
        pins.putAll(request.pins());
        return new AssignmentRequest(request.bucketCount(), current, nodes,
                reversedCopy(request.options()), request.kind(), drained, pins);
    }

    /** The first few buckets on which two assignments differ, for failure messages. */
    public static String difference(Assignment expected, Assignment actual) {
        if (actual == null || expected.bucketCount() != actual.bucketCount()) {
            return "expected " + expected + ", got " + actual;
        }
        List<Move> moves = expected.movesTo(actual);
        String shown =
                moves.stream().limit(5).map(Move::toString).collect(Collectors.joining(", "));
        return moves.size() + " buckets differ (expected -> actual): " + shown
                + (moves.size() > 5 ? ", ..." : "");
    }

    private static void assertSame(Assignment first, Assignment again, String how) {
        if (!first.equals(again)) {
            fail("not deterministic: " + how + " gave a different assignment; "
                    + difference(first, again));
        }
    }

    private static Map<String, String> reversedCopy(Map<String, String> map) {
        List<Map.Entry<String, String>> entries = new ArrayList<>(new TreeMap<>(map).entrySet());
        Collections.reverse(entries);
        Map<String, String> copy = new LinkedHashMap<>();
        entries.forEach(e -> copy.put(e.getKey(), e.getValue()));
        return copy;
    }
}
