package org.dtablecluster.monitor;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.dtablecluster.json.Json;
import org.dtablecluster.spi.Move;

/**
 * The answer to an operator's rebalance or dry run.
 *
 * @param outcome what happened
 * @param moves the moves made ({@link Outcome#APPLIED}) or that would be made
 *     ({@link Outcome#PLANNED}); empty otherwise
 * @param counts buckets per node after the moves, sorted by node id; empty when nothing was
 *     planned
 * @param leader the leading monitor's instance id, when known
 * @param error why nothing was done, for every outcome but the first two
 * @param revision the etcd revision written; 0 when nothing was written
 */
public record RebalanceResult(
        Outcome outcome,
        List<Move> moves,
        Map<String, Integer> counts,
        Optional<String> leader,
        Optional<String> error,
        long revision) {

    /** How a rebalance request ended. */
    public enum Outcome {
        /** The moves were written to etcd (possibly none: already balanced). */
        APPLIED,
        /** A dry run: the moves a rebalance would make now; nothing was written. */
        PLANNED,
        /** This instance is not the leader; {@link #leader()} names the one that is, if any. */
        NOT_LEADER,
        /** Not now: the view is not in sync with etcd, or the re-registration grace runs. */
        NOT_READY,
        /** The strategy failed or etcd refused the write. */
        FAILED
    }

    public RebalanceResult {
        requireNonNull(outcome, "outcome is null");
        moves = List.copyOf(requireNonNull(moves, "moves is null"));
        counts = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(requireNonNull(counts, "counts is null")));
        requireNonNull(leader, "leader is null");
        requireNonNull(error, "error is null");
        if ((outcome == Outcome.APPLIED || outcome == Outcome.PLANNED) != error.isEmpty()) {
            throw new IllegalArgumentException("an error goes with every outcome but APPLIED and PLANNED, was "
                    + outcome + " with error " + error);
        }
    }

    public static RebalanceResult done(Outcome outcome, List<Move> moves, Map<String, Integer> counts, String leader,
            long revision) {
        return new RebalanceResult(outcome, moves, counts, Optional.ofNullable(leader), Optional.empty(), revision);
    }

    public static RebalanceResult refused(Outcome outcome, String leader, String error) {
        return new RebalanceResult(outcome, List.of(), Map.of(), Optional.ofNullable(leader),
                Optional.of(error), 0);
    }

    /** True when the moves were written or planned. */
    public boolean succeeded() {
        return error.isEmpty();
    }

    /** The JSON body of {@code POST /rebalance/}; the JMX operations add the outcome and the error. */
    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("moved", moves.size());
        ArrayNode list = o.putArray("moves");
        for (Move m : moves) {
            list.addObject().put("bucket", m.bucketHex()).put("from", m.from()).put("to", m.to());
        }
        ObjectNode perNode = o.putObject("counts");
        counts.forEach(perNode::put);
        o.put("revision", revision);
        o.put("dry_run", outcome == Outcome.PLANNED);
        leader.ifPresent(l -> o.put("leader", l));
        return o;
    }
}
