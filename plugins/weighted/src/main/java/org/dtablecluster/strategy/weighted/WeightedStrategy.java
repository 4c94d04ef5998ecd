package org.dtablecluster.strategy.weighted;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.spi.AssignmentRequest;
import org.dtablecluster.spi.AssignmentStrategy;

/**
 * {@value #NAME}: each node holds buckets in proportion to its weight; a repair moves only what
 * it must.
 *
 * <h2>Weights</h2>
 * A node's weight is its registration field {@code weight}, which the node role writes from
 * {@code node_weight} in its configuration: a decimal number greater than 0 and at most 10000,
 * with at most 6 decimals (computed exactly, in millionths). A node that registered no weight
 * weighs 1. A node that registered an invalid one (which our node role refuses at start-up, so
 * only hand-written or foreign registrations have one) also weighs 1 by default, so one bad
 * registration cannot stop the cluster from repairing itself; with the option
 * {@code strict_weights: true} the run fails instead, naming the node and its weight, and the
 * monitor writes nothing and shows that error in its last run.
 *
 * <h2>Rebalance</h2>
 * With {@code B} buckets and total weight {@code W}, node {@code i}'s share is
 * {@code q_i = B * w_i / W}. Targets are the largest-remainder apportionment: every node gets
 * {@code floor(q_i)}, and the buckets left over go one each to the nodes with the largest
 * fractional parts, ties going to the node that holds the most live buckets above its floor (so
 * fewer move), then to the smallest node id. Every node therefore ends with {@code floor(q_i)}
 * or {@code ceil(q_i)}: within one bucket of its share. With equal weights the targets are those
 * of {@code sticky-balanced}.
 *
 * <p>The fewest moves to those targets: a node with {@code c_i} live-owned buckets and target
 * {@code t_i} can keep at most {@code min(c_i, t_i)}, so at least {@code B - sum min(c_i, t_i)}
 * buckets move; among the largest-remainder apportionments (they differ only in how ties are
 * broken) the tie rule above maximises that sum. A rebalance reaches the bound: each node keeps
 * its {@code min(c_i, t_i)} lowest-numbered buckets; the released and orphaned buckets, in
 * ascending order, go to the node furthest below its target, ties by node id.
 * {@link #minimumMoves} computes the bound.
 *
 * <h2>Repair</h2>
 * A bucket whose owner is live keeps it. Each orphaned bucket, in ascending order, goes to the
 * live node furthest below its share {@code q_i} at that moment (largest {@code q_i - load_i}),
 * ties by node id. Starting from nothing, that also ends within one bucket of every share.
 *
 * <h2>Drains and pins</h2>
 * Both are honoured natively, in repairs and rebalances alike. Only eligible nodes (live and not
 * drained; every live node when all are drained) get buckets and count in {@code W}, so a
 * repair also moves the buckets of drained nodes; every pinned bucket goes to its pin, and a
 * node's load counts the buckets pinned to it. In a rebalance, a node whose pins exceed its
 * target holds exactly its pins and leaves the sharing; the others share the remaining buckets
 * by weight, as above, repeated until no one's pins exceed its target. Every node that holds an
 * unpinned bucket therefore ends within one bucket of its weighted share of what the
 * over-pinned nodes leave, with the fewest moves for those targets ({@link #minimumMoves}).
 *
 * <h2>Options</h2>
 * {@code strict_weights}: {@code true} or {@code false} (default). Any other option is refused
 * at start-up, naming it.
 */
public final class WeightedStrategy implements AssignmentStrategy {

    /** The name operators configure. */
    public static final String NAME = "weighted";

    /** The option that makes an invalid registered weight fail the run. */
    public static final String STRICT_WEIGHTS = "strict_weights";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "keeps live owners; rebalances each node to within one bucket of its weighted share"
                + " with the fewest moves";
    }

    @Override
    public boolean honoursOperatorIntent() {
        return true;
    }

    @Override
    public void validateOptions(Map<String, String> options) {
        requireNonNull(options, "options is null");
        TreeSet<String> unknown = new TreeSet<>(options.keySet());
        unknown.remove(STRICT_WEIGHTS);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(NAME + " knows only the option " + STRICT_WEIGHTS
                    + ", but got " + unknown + "; remove them from strategy_options");
        }
        strict(options);
    }

    @Override
    public Assignment assign(AssignmentRequest request) {
        requireNonNull(request, "request is null");
        Weights weights = Weights.of(request, strict(request.options()));
        return switch (request.kind()) {
            case REPAIR -> Repair.assign(request, weights);
            case REBALANCE -> Rebalance.assign(request, weights);
        };
    }

    /** Each eligible node's target after a rebalance of {@code request}, sorted by node id. */
    public static SortedMap<String, Integer> targets(AssignmentRequest request) {
        requireNonNull(request, "request is null");
        return new TreeMap<>(WeightedTargets.of(request, Weights.of(request, false), LiveLoads.of(request))
                .perNode());
    }

    /**
     * The fewest bucket moves that reach a largest-remainder apportionment of {@code request}'s
     * eligible nodes by weight, pins counted; a rebalance by this strategy moves exactly this many.
     */
    public static int minimumMoves(AssignmentRequest request) {
        requireNonNull(request, "request is null");
        return WeightedTargets.of(request, Weights.of(request, false), LiveLoads.of(request)).minimumMoves();
    }

    private static boolean strict(Map<String, String> options) {
        String value = options.get(STRICT_WEIGHTS);
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw new IllegalArgumentException(NAME + ": option " + STRICT_WEIGHTS
                + " must be true or false, was '" + value + "'");
    }
}
