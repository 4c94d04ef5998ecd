package org.dtablecluster.strategy.sticky;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.TreeMap;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.spi.AssignmentRequest;
import org.dtablecluster.spi.AssignmentStrategy;

/**
 * The default strategy, {@value #NAME}: a repair moves only what it must, and a rebalance
 * evens out the buckets with the fewest moves that can do it.
 *
 * <h2>Repair</h2>
 * A bucket whose owner is live keeps it. Each orphaned bucket (no owner, or an owner that is not
 * live), in ascending bucket order, goes to the live node holding the fewest buckets at that
 * moment, ties going to the lexicographically smallest node id. Nothing else moves, so a repair
 * after a node joins moves nothing, and a repair after a node leaves moves exactly that node's
 * buckets, spread over the emptiest survivors.
 *
 * <h2>Rebalance</h2>
 * With {@code B} buckets and {@code N} live nodes, let {@code q = B / N} and {@code r = B % N}.
 * Balanced means bucket counts differ by at most one, so every node ends with {@code q} or
 * {@code q + 1} buckets and exactly {@code r} nodes end with {@code q + 1}.
 *
 * <p>The fewest moves: a bucket can stay only if its owner is live and keeps it, and a node with
 * {@code c} live-owned buckets and target {@code t} can keep at most {@code min(c, t)} of them.
 * Every other bucket moves (giving an unowned bucket an owner counts as a move). So
 * {@code moves >= B - max(sum of min(c_i, t_i))}, the maximum taken over the ways to choose which
 * {@code r} nodes get {@code q + 1}. Raising a node's target from {@code q} to {@code q + 1}
 * keeps one more bucket exactly when {@code c_i > q}, so the maximum is reached by giving the
 * {@code q + 1} targets to the nodes with the most live-owned buckets (ties by node id, which
 * only decides who gets the extra bucket, never the count). {@link #minimumMoves} computes this
 * bound, and a rebalance reaches it: each node keeps its {@code min(c_i, t_i)} lowest-numbered
 * buckets and gives up the rest (highest-numbered first); the released and orphaned buckets, in
 * ascending order, go to the nodes still below target, fewest buckets first, ties by node id.
 * The freed buckets number exactly the sum of the shortfalls, so no bucket moves twice and none
 * moves without need.
 *
 * <h2>Drains and pins</h2>
 * Both are honoured natively, in repairs and rebalances alike. Only eligible nodes (live and not
 * drained; every live node when all are drained) get buckets, so a repair also moves the
 * buckets of drained nodes, and every pinned bucket goes to its pin. "Live node" above means
 * eligible node, and a node's load counts the buckets pinned to it. In a rebalance, a node
 * whose pins reach the ceiling of an even share of the buckets still to share holds exactly its
 * pins (most pins first, repeated); the other nodes balance to within one bucket of each other
 * over the rest. So no node holding an unpinned bucket holds more than one bucket above the
 * emptiest eligible node, and the moves are still the fewest for those targets: pinned buckets
 * not yet on their pin, plus {@code B - P - sum min(c_i, t_i - p_i)} with {@code p_i} a node's
 * pins, {@code c_i} its unpinned kept buckets and {@code P} all honoured pins.
 *
 * <h2>Options</h2>
 * None. {@link #validateOptions} rejects any option, naming it, so a configuration written for
 * another strategy fails at start-up instead of being silently ignored; {@link #assign} never
 * reads options.
 */
public final class StickyBalancedStrategy implements AssignmentStrategy {

    /** The name operators configure. */
    public static final String NAME = "sticky-balanced";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "keeps live owners; rebalances to within one bucket per node with the fewest moves";
    }

    @Override
    public boolean honoursOperatorIntent() {
        return true;
    }

    @Override
    public void validateOptions(Map<String, String> options) {
        requireNonNull(options, "options is null");
        if (!options.isEmpty()) {
            throw new IllegalArgumentException(NAME + " takes no options, but got "
                    + new TreeMap<>(options).keySet() + "; remove them from strategy_options");
        }
    }

    @Override
    public Assignment assign(AssignmentRequest request) {
        requireNonNull(request, "request is null");
        return switch (request.kind()) {
            case REPAIR -> Repair.assign(request);
            case REBALANCE -> Rebalance.assign(request);
        };
    }

    /**
     * The fewest bucket moves that can balance {@code request}'s eligible nodes to within one
     * bucket of each other (pins counted), whatever the strategy; see the class comment. A rebalance
     * by this strategy moves exactly this many buckets.
     */
    public static int minimumMoves(AssignmentRequest request) {
        requireNonNull(request, "request is null");
        return BalancedTargets.of(request).minimumMoves();
    }
}
