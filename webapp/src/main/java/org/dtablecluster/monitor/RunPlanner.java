package org.dtablecluster.monitor;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dtablecluster.etcd.NodeRegistration;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.spi.AssignmentRequest;
import org.dtablecluster.spi.AssignmentStrategy;
import org.dtablecluster.spi.AssignmentValidator;
import org.dtablecluster.spi.InvalidAssignmentException;
import org.dtablecluster.spi.Move;
import org.dtablecluster.spi.NodeInfo;
import org.dtablecluster.spi.RunKind;
import org.dtablecluster.view.ClusterSnapshot;
import org.dtablecluster.view.NodeEntry;
import org.dtablecluster.view.OperatorIntent;

/**
 * Turns a snapshot into the moves of one run: asks the strategy, with the operators' drains and
 * pins (through {@link OperatorIntentAdapter}, so a strategy written before them honours them
 * too), checks its answer against the SPI contract, then puts back the owners the re-registration grace holds. Pure: no I/O, no
 * clock, so every rule is testable without etcd.
 *
 * <p>Held buckets are restored <em>after</em> validation, because the strategy cannot be given
 * them: its contract is that every bucket ends with a live owner. The strategy therefore plans
 * as if they were free, which may leave the live nodes slightly uneven until the next rebalance;
 * what matters during the grace is that those buckets do not move.
 */
final class RunPlanner {

    private RunPlanner() {
    }

    /**
     * What to write.
     *
     * @param current the assignment the snapshot had
     * @param target the assignment after the run
     * @param moves the difference, by ascending bucket
     * @param heldBuckets buckets kept with an owner that is not live
     */
    record Plan(Assignment current, Assignment target, List<Move> moves, int heldBuckets) {
        Plan {
            requireNonNull(current, "current is null");
            requireNonNull(target, "target is null");
            moves = List.copyOf(moves);
        }
    }

    /** The strategy threw, or returned something that breaks the SPI contract. */
    static final class PlanningException extends Exception {
        private static final long serialVersionUID = 1L;

        PlanningException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * @param held owners whose buckets keep their owner although it is not live
     * @throws IllegalArgumentException when the snapshot has no live nodes: there is nothing to ask
     */
    static Plan plan(ClusterSnapshot snapshot, AssignmentStrategy strategy, Map<String, String> options,
            RunKind kind, Set<String> held) throws PlanningException {
        return plan(snapshot, snapshot.intent(), strategy, options, kind, held, Guard.DEFAULT);
    }

    /**
     * What a run lets a strategy do: answer within {@code timeout}; take at most {@code maxMoves}
     * buckets away from live owners (moves of buckets without a live owner do not count).
     */
    record Guard(java.time.Duration timeout, int maxMoves) {
        static final Guard DEFAULT = new Guard(java.time.Duration.ofSeconds(
                org.dtablecluster.config.MonitorSettings.STRATEGY_TIMEOUT_DEFAULT),
                org.dtablecluster.config.MonitorSettings.MAX_MOVES_PER_RUN_DEFAULT);

        static Guard of(org.dtablecluster.config.MonitorSettings settings) {
            return new Guard(settings.strategyTimeout(), settings.maxMovesPerRun());
        }
    }

    /**
     * @param intent the drains and pins to plan with: the snapshot's, or what they would be after
     *     an operator's change (a dry run)
     * @param held owners whose buckets keep their owner although it is not live
     * @throws IllegalArgumentException when the snapshot has no live nodes: there is nothing to ask
     */
    static Plan plan(ClusterSnapshot snapshot, OperatorIntent intent, AssignmentStrategy strategy,
            Map<String, String> options, RunKind kind, Set<String> held, Guard guard) throws PlanningException {
        requireNonNull(snapshot, "snapshot is null");
        requireNonNull(intent, "intent is null");
        requireNonNull(strategy, "strategy is null");
        requireNonNull(held, "held is null");
        Assignment current = snapshot.assignment();
        AssignmentRequest request = AssignmentRequest.of(current, nodeInfos(snapshot), options, kind)
                .withOperatorIntent(intent.drainedIds(), intent.pins());
        Assignment proposed = StrategyCall.assign(strategy, request, guard.timeout());
        try {
            AssignmentValidator.check(request, proposed);
        } catch (InvalidAssignmentException e) {
            throw new PlanningException("strategy '" + strategy.name() + "' returned an invalid assignment: "
                    + e.getMessage(), e);
        }
        Assignment.Builder target = proposed.toBuilder();
        int kept = 0;
        for (int b = 0; b < current.bucketCount(); b++) {
            String owner = current.ownerOrNull(b);
            if (owner != null && held.contains(owner) && !request.isLive(owner)) {
                target.set(b, owner);
                kept++;
            }
        }
        Assignment result = target.build();
        List<Move> moves = current.movesTo(result);
        long fromLive = moves.stream().filter(m -> m.from() != null && request.isLive(m.from())).count();
        if (fromLive > guard.maxMoves()) {
            throw new PlanningException("strategy '" + strategy.name() + "' planned to take " + fromLive
                    + " buckets away from live owners, more than max_moves_per_run=" + guard.maxMoves()
                    + "; refused", null);
        }
        return new Plan(current, result, moves, kept);
    }

    /** The live nodes as the SPI sees them: every registration field but the id itself. */
    static List<NodeInfo> nodeInfos(ClusterSnapshot snapshot) {
        List<NodeInfo> nodes = new ArrayList<>();
        for (NodeEntry e : snapshot.liveNodes().values()) {
            Map<String, String> attributes = new HashMap<>(e.attributes());
            attributes.remove(NodeRegistration.NODE_ID);
            nodes.add(new NodeInfo(e.nodeId(), attributes));
        }
        return nodes;
    }
}
