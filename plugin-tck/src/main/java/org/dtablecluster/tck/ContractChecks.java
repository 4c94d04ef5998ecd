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
import java.util.stream.Collectors;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.spi.AssignmentRequest;
import org.dtablecluster.spi.AssignmentStrategy;
import org.dtablecluster.spi.AssignmentValidator;
import org.dtablecluster.spi.Move;
import org.dtablecluster.spi.NodeInfo;
import org.dtablecluster.spi.RunKind;

/**
 * The three rules of {@link AssignmentStrategy}, as JUnit assertions whose messages name the
 * first offending bucket. The contract suite uses them every round; a plugin's own tests may
 * use them directly on hand-made requests.
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
        Assignment result = strategy.assign(request);
        assertUnchanged(before, request);
        return result;
    }

    /** Fails when {@code request} no longer equals {@code before}, a copy taken earlier. */
    public static void assertUnchanged(AssignmentRequest before, AssignmentRequest request) {
        assertEquals(before, request, "the strategy changed the request it was given");
    }

    /**
     * Rules 1 and 2: every bucket has exactly one owner and it is live; a repair keeps every
     * live owner. Also runs the monitor's own {@link AssignmentValidator}, so the two agree.
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
            String liveOwner = request.liveOwner(b).orElse(null);
            if (request.kind() == RunKind.REPAIR && liveOwner != null && !liveOwner.equals(owner)) {
                fail("repair moved bucket " + Assignment.hex(b) + " from live node " + liveOwner
                        + " to " + owner);
            }
        }
        AssignmentValidator.check(request, result);
    }

    /**
     * Rule 3: {@code first}, the answer {@code strategy} gave to {@code request}, comes back when
     * the same instance is asked again, when it is asked with an equal request built from
     * differently ordered input, and when a new instance is asked (so no state leaks between
     * calls).
     */
    public static void assertDeterministic(AssignmentStrategy strategy, AssignmentStrategy fresh,
            AssignmentRequest request, Assignment first) {
        assertSame(first, strategy.assign(request), "asking the same instance again");
        AssignmentRequest reordered = reordered(request);
        assertSame(first, strategy.assign(reordered),
                "asking with an equal request built from reordered nodes, attributes and options");
        assertUnchanged(request, reordered);
        AssignmentRequest copy = copyOf(request);
        assertSame(first, fresh.assign(copy),
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
                new TreeMap<>(request.options()), request.kind());
    }

    /**
     * An equal request built the other way round: nodes listed in reverse, handed over in a map
     * sorted in reverse, and attributes and options inserted in reverse order.
     */
    public static AssignmentRequest reordered(AssignmentRequest request) {
        TreeMap<String, NodeInfo> nodes = new TreeMap<>(Comparator.reverseOrder());
        List<NodeInfo> reversed = new ArrayList<>(request.liveNodes().values());
        Collections.reverse(reversed);
        for (NodeInfo n : reversed) {
            nodes.put(n.nodeId(), new NodeInfo(n.nodeId(), reversedCopy(n.attributes())));
        }
        Assignment current = Assignment.of(request.current().owners());
        return new AssignmentRequest(request.bucketCount(), current, nodes,
                reversedCopy(request.options()), request.kind());
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
