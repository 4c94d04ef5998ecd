package org.dtablecluster.monitor;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.dtablecluster.monitor.OperatorResult.Status;
import org.dtablecluster.spi.RunKind;
import org.dtablecluster.view.ClusterSnapshot;
import org.dtablecluster.view.ClusterView;
import org.dtablecluster.view.OperatorIntent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes an operator's drain, undrain, pin or unpin on the monitor's loop: checks it against
 * the view ({@link OperatorChecks}), writes the key under the leadership ({@link IntentWriter}),
 * then runs a rebalance that plans from a view holding that write, so the strategy honours it and
 * the moves go through the handoffs like any rebalance's. A dry run plans the rebalance with the
 * drains and pins the command would make, and writes nothing.
 */
final class OperatorActions {

    private static final Logger LOG = LoggerFactory.getLogger(OperatorActions.class);

    private final ClusterView view;
    private final RunPipeline pipeline;
    private final IntentWriter writer;
    private final Clock clock;
    private final Supplier<Optional<Leadership>> leadership;
    private final Function<String, RunOutcome> rebalance;
    private final Supplier<String> leaderOrNull;
    private final BiConsumer<Leadership, String> onGuardRefused;
    private final String log;

    /**
     * @param rebalance runs a rebalance with a trigger, as the monitor records runs
     * @param leaderOrNull this instance's id while it leads, else null
     * @param onGuardRefused told when etcd refused the leadership guard: that leadership is over
     */
    OperatorActions(ClusterView view, RunPipeline pipeline, IntentWriter writer, Clock clock,
            Supplier<Optional<Leadership>> leadership, Function<String, RunOutcome> rebalance,
            Supplier<String> leaderOrNull, BiConsumer<Leadership, String> onGuardRefused, String log) {
        this.view = requireNonNull(view, "view is null");
        this.pipeline = requireNonNull(pipeline, "pipeline is null");
        this.writer = requireNonNull(writer, "writer is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.leadership = requireNonNull(leadership, "leadership is null");
        this.rebalance = requireNonNull(rebalance, "rebalance is null");
        this.leaderOrNull = requireNonNull(leaderOrNull, "leaderOrNull is null");
        this.onGuardRefused = requireNonNull(onGuardRefused, "onGuardRefused is null");
        this.log = requireNonNull(log, "log is null");
    }

    /** On the monitor's loop. */
    OperatorResult execute(OperatorCommand command) {
        String leader = leaderOrNull.get();
        Optional<Leadership> term = leadership.get();
        if (!command.dryRun() && term.isEmpty()) {
            return OperatorResult.refused(command, Status.NOT_LEADER, "this instance is not the leader", null);
        }
        if (!view.isConnected()) {
            return OperatorResult.refused(command, Status.NOT_READY, "the view is not in sync with etcd", leader);
        }
        ClusterSnapshot snapshot = view.current();
        Optional<OperatorChecks.Refusal> refusal = OperatorChecks.check(command, snapshot);
        if (refusal.isPresent()) {
            LOG.info("{} refused {} from {}: {}", log, what(command), command.by(), refusal.get().reason());
            return OperatorResult.refused(command, refusal.get().status(), refusal.get().reason(), leader);
        }
        Instant now = clock.instant();
        OperatorIntent before = snapshot.intent();
        boolean changed = !command.applyTo(before, now).equals(before);
        if (command.dryRun()) {
            Planning p = pipeline.plan(RunKind.REBALANCE, now, intent -> command.applyTo(intent, now));
            return OperatorResult.done(command, changed, RebalanceAnswers.of(p, leader));
        }
        if (changed) {
            IntentWriter.Written w;
            try {
                w = writer.write(term.get(), command, now);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return OperatorResult.refused(command, Status.FAILED, "interrupted", leader);
            } catch (IllegalStateException e) {
                LOG.warn("{} {} failed: {}", log, what(command), e.getMessage());
                return OperatorResult.refused(command, Status.FAILED, e.getMessage(), leader);
            }
            if (w.leadershipLost()) {
                String why = "etcd refused the " + command.action() + ": this instance's leadership is over";
                onGuardRefused.accept(term.get(), why);
                return OperatorResult.refused(command, Status.NOT_LEADER, why, null);
            }
            pipeline.wrote(w.revision());
            LOG.info("{} {} by {} written at rev={}; rebalancing", log, what(command), command.by(), w.revision());
        }
        RunOutcome outcome = rebalance.apply(what(command));
        return OperatorResult.done(command, changed, RebalanceAnswers.of(outcome, leaderOrNull.get()));
    }

    private static String what(OperatorCommand command) {
        return command.action() + " " + command.subject();
    }
}
