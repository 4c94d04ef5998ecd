package org.dtablecluster.monitor;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.dtablecluster.monitor.RebalanceResult.Outcome;
import org.dtablecluster.spi.RunKind;
import org.dtablecluster.view.ClusterView;

/**
 * The leader's runs, on the monitor's loop: each goes through the {@link RunPipeline}, is kept in
 * the in-memory {@link RunHistory} and, when it changed something, in the etcd
 * {@link ChangeHistory}; the answers operators get for a rebalance and an automatic run.
 */
final class MonitorRuns {

    private final ClusterView view;
    private final RunPipeline pipeline;
    private final RunHistory history;
    private final ChangeHistory changes;
    private final HandoffExecutor handoffs;
    private final Supplier<Optional<Leadership>> leadership;
    private final Supplier<String> leaderIdIfLeading;
    private final BooleanSupplier ready;
    private final Clock clock;

    /**
     * @param leaderIdIfLeading this instance's id while it leads, else null
     * @param ready true while this instance leads and its view is in sync
     */
    MonitorRuns(ClusterView view, RunPipeline pipeline, RunHistory history, ChangeHistory changes,
            HandoffExecutor handoffs, Supplier<Optional<Leadership>> leadership, Supplier<String> leaderIdIfLeading,
            BooleanSupplier ready, Clock clock) {
        this.view = requireNonNull(view, "view is null");
        this.pipeline = requireNonNull(pipeline, "pipeline is null");
        this.history = requireNonNull(history, "history is null");
        this.changes = requireNonNull(changes, "changes is null");
        this.handoffs = requireNonNull(handoffs, "handoffs is null");
        this.leadership = requireNonNull(leadership, "leadership is null");
        this.leaderIdIfLeading = requireNonNull(leaderIdIfLeading, "leaderIdIfLeading is null");
        this.ready = requireNonNull(ready, "ready is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    void repair(String trigger) {
        if (ready.getAsBoolean()) {
            run(RunKind.REPAIR, trigger, Integer.MAX_VALUE, "repair");
        }
    }

    RunOutcome run(RunKind kind, String trigger, int maxMoves, String requestedBy) {
        history.started();
        RunOutcome outcome = pipeline.run(kind, trigger, leadership.get(), maxMoves);
        history.add(outcome.record());
        changes.recordRun(leadership.get(), outcome.record(), requestedBy, handoffs.status().recentCancels());
        return outcome;
    }

    RebalanceResult rebalance(boolean dryRun, String requestedBy) {
        String leader = leaderIdIfLeading.get();
        if (!dryRun && leader == null) {
            return RebalanceResult.refused(Outcome.NOT_LEADER, null, "this instance is not the leader");
        }
        if (!view.isConnected()) {
            return RebalanceResult.refused(Outcome.NOT_READY, leader, "the view is not in sync with etcd");
        }
        if (dryRun) {
            return RebalanceAnswers.of(pipeline.plan(RunKind.REBALANCE, clock.instant()), leader);
        }
        RunOutcome o = run(RunKind.REBALANCE, "rebalance", Integer.MAX_VALUE, requestedBy);
        return RebalanceAnswers.of(o, leaderIdIfLeading.get());
    }

    AutoRebalanceRuns.Result auto(int maxMoves) {
        RunOutcome o = run(RunKind.REBALANCE, "auto", maxMoves, "auto");
        return new AutoRebalanceRuns.Result(o.record().moves().size(), pipeline.leftOver(),
                !(o instanceof RunOutcome.Moved || o instanceof RunOutcome.Unchanged));
    }

    boolean handoffsSettled() {
        HandoffStatus h = handoffs.status();
        return h.open().isEmpty() && h.pending() == 0;
    }
}
