package org.dtablecluster.monitor;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;
import org.dtablecluster.config.MonitorSettings;
import org.dtablecluster.monitor.MoveApplier.Applied;
import org.dtablecluster.monitor.RunPlanner.PlanningException;
import org.dtablecluster.spi.AssignmentStrategy;
import org.dtablecluster.spi.Move;
import org.dtablecluster.spi.RunKind;
import org.dtablecluster.view.ClusterSnapshot;
import org.dtablecluster.view.ClusterView;
import org.dtablecluster.view.OperatorIntent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the leader, in two halves: {@link #plan} (a snapshot no older than our own last
 * write, the re-registration grace, the strategy through {@link RunPlanner}) and the
 * {@link MoveApplier} that makes the moves so. {@link #run} does both and says how it ended as a
 * {@link RunOutcome}.
 *
 * <p>Never plans from a snapshot older than our own last write: the same buckets would be
 * planned (and maybe moved elsewhere) twice. While the grace runs, buckets whose owner is named
 * but not live keep it (see {@link ReregistrationGrace}), and a rebalance is refused.
 *
 * <p>Confined to the monitor's loop, except the getters marked otherwise.
 */
final class RunPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(RunPipeline.class);
    static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(2);

    private final ClusterView view;
    private final AssignmentStrategy strategy;
    private final MonitorSettings settings;
    private final MoveApplier applier;
    private final BiConsumer<Leadership, String> onGuardRefused;
    private final Clock clock;
    private final String log;
    private final ReregistrationGrace grace;
    private final AtomicLong transactions = new AtomicLong();
    private volatile Instant graceUntil;
    private long lastWrittenRevision;
    private int leftOver;
    private boolean idleLogged;

    /** @param onGuardRefused told when etcd refused the leadership guard: that leadership is over */
    RunPipeline(ClusterView view, AssignmentStrategy strategy, MonitorSettings settings, MoveApplier applier,
            BiConsumer<Leadership, String> onGuardRefused, Clock clock, String log) {
        this.view = requireNonNull(view, "view is null");
        this.strategy = requireNonNull(strategy, "strategy is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.applier = requireNonNull(applier, "applier is null");
        this.onGuardRefused = requireNonNull(onGuardRefused, "onGuardRefused is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.log = requireNonNull(log, "log is null");
        this.grace = new ReregistrationGrace(settings.reregisterGrace());
    }

    /** Plans, then applies under {@code leadership} (empty: leadership ended before the write). */
    RunOutcome run(RunKind kind, String trigger, Optional<Leadership> leadership) {
        return run(kind, trigger, leadership, Integer.MAX_VALUE);
    }

    /**
     * {@link #run(RunKind, String, Optional)} making at most {@code maxMoves} of the plan's moves
     * (the first ones, by bucket); {@link #leftOver()} tells how many it left for a later run.
     */
    RunOutcome run(RunKind kind, String trigger, Optional<Leadership> leadership, int maxMoves) {
        leftOver = 0;
        Instant started = clock.instant();
        long t0 = System.nanoTime();
        Planning p = plan(kind, started);
        ClusterSnapshot snapshot = p.snapshot();
        long viewRevision = snapshot == null ? 0 : snapshot.revision();
        if (p instanceof Planning.NotReady n) {
            return new RunOutcome.NotReady(record(started, kind, trigger, viewRevision, Applied.none(n.reason()), 0,
                    t0));
        }
        if (p instanceof Planning.Failed f) {
            return new RunOutcome.Failed(record(started, kind, trigger, viewRevision, Applied.none(f.error()), 0, t0));
        }
        Planning.Ready r = p instanceof Planning.Ready ready && !ready.plan().moves().isEmpty() ? ready : null;
        if (r == null) {
            int held = p instanceof Planning.Ready ready ? ready.plan().heldBuckets() : 0;
            return new RunOutcome.Unchanged(record(started, kind, trigger, viewRevision, Applied.all(List.of(), 0, 0),
                    held, t0), snapshot.assignment().bucketCounts());
        }
        List<Move> moves = r.plan().moves();
        if (moves.size() > maxMoves) {
            leftOver = moves.size() - maxMoves;
            moves = moves.subList(0, maxMoves);
        }
        Applied a = leadership.isPresent() ? apply(leadership.get(), moves)
                : Applied.none("leadership ended before the write");
        RunRecord rec = record(started, kind, trigger, viewRevision, a, r.plan().heldBuckets(), t0);
        if (a.error().isPresent()) {
            return new RunOutcome.Failed(rec);
        }
        LOG.info("{} {} run ({}) moved {} buckets in {} transactions at rev={}{}{}: {}", log,
                kind.name().toLowerCase(Locale.ROOT), trigger, a.applied().size(), a.transactions(), a.revision(),
                r.plan().heldBuckets() == 0 ? "" : " (" + r.plan().heldBuckets() + " held in grace)",
                leftOver == 0 ? "" : " (" + leftOver + " left for later runs)", summary(a.applied()));
        return new RunOutcome.Moved(rec, r.plan().target().bucketCounts());
    }

    /** The first half of a run: what should move now, from a snapshot that has our own writes. */
    Planning plan(RunKind kind, Instant now) {
        return plan(kind, now, UnaryOperator.identity());
    }

    /**
     * Like {@link #plan(RunKind, Instant)}, with the drains and pins {@code intent} makes of the
     * snapshot's: a dry run of an operator's drain or pin plans what it would do.
     */
    Planning plan(RunKind kind, Instant now, UnaryOperator<OperatorIntent> intent) {
        ClusterSnapshot snapshot = caughtUpSnapshot();
        if (snapshot == null) {
            return new Planning.Failed(null, "the view has not caught up with our own write at rev="
                    + lastWrittenRevision + " within " + CATCH_UP_TIMEOUT);
        }
        if (snapshot.liveNodes().isEmpty()) {
            if (!idleLogged) {
                idleLogged = true;
                LOG.warn("{} no live nodes at rev={}; leaving the {} assign keys as they are", log,
                        snapshot.revision(), snapshot.assignment().bucketCounts().values().stream()
                                .mapToInt(Integer::intValue).sum());
            }
            return new Planning.NoLiveNodes(snapshot);
        }
        idleLogged = false;
        Set<String> held = heldOwners(snapshot, now);
        if (kind == RunKind.REBALANCE && !held.isEmpty()) {
            return new Planning.NotReady(snapshot, "rebalance refused: until " + graceUntil
                    + " the monitor waits for " + held + " to register again; try again then");
        }
        try {
            return new Planning.Ready(snapshot, RunPlanner.plan(snapshot, intent.apply(snapshot.intent()), strategy,
                    settings.strategyOptions(), kind, held, RunPlanner.Guard.of(settings)));
        } catch (PlanningException e) {
            LOG.error("{} {} at rev={}; nothing written", log, e.getMessage(), snapshot.revision(), e.getCause());
            return new Planning.Failed(snapshot, e.getMessage());
        }
    }

    /** The second half alone, as a run would do it; counts and remembers what was written. */
    Applied apply(Leadership leadership, List<Move> moves) {
        Applied a;
        try {
            a = applier.apply(leadership, moves);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Applied.none("interrupted");
        }
        transactions.addAndGet(a.transactions());
        lastWrittenRevision = Math.max(lastWrittenRevision, a.revision());
        if (a.leadershipLost()) {
            LOG.warn("{} {}; dropping leadership", log, a.error().orElseThrow());
            onGuardRefused.accept(leadership, a.error().orElseThrow());
        } else {
            a.error().ifPresent(error -> LOG.warn("{} {}", log, error));
        }
        return a;
    }

    /** Our own write outside a run (an operator's drain or pin) at {@code revision}: plan from no older view. */
    void wrote(long revision) {
        lastWrittenRevision = Math.max(lastWrittenRevision, revision);
    }

    /** A new term: our earlier writes are in the view by now, or etcd was rebuilt; returns the grace's end. */
    Optional<Instant> elected() {
        lastWrittenRevision = 0;
        return graceChanged(grace.begin(clock.instant()));
    }

    /** The view is back in sync after an outage at {@code revision}; returns the grace's end. */
    Optional<Instant> reconnected(long revision) {
        return graceChanged(grace.beginAfterOutage(clock.instant(), revision));
    }

    /** When the running grace ends; empty when none runs. Any thread. */
    Optional<Instant> graceUntil() {
        Instant until = graceUntil;
        return Optional.ofNullable(until != null && until.isAfter(clock.instant()) ? until : null);
    }

    /** Moves the latest run planned but left for later, to keep within its {@code maxMoves}. */
    int leftOver() {
        return leftOver;
    }

    /** Transactions committed so far. Any thread. */
    long transactions() {
        return transactions.get();
    }

    private Optional<Instant> graceChanged(Optional<Instant> until) {
        graceUntil = until.orElse(null);
        return until;
    }

    private Set<String> heldOwners(ClusterSnapshot snapshot, Instant now) {
        boolean before = grace.isActive();
        Set<String> held = grace.held(snapshot, now);
        if (before && !grace.isActive()) {
            Instant deadline = graceUntil;
            graceUntil = null;
            LOG.info("{} re-registration grace over: {}", log, deadline != null && now.isBefore(deadline)
                    ? "every node named in assign keys is live (or registered again after an outage)"
                    : "time is up; repairing the buckets of nodes still missing");
        }
        return held;
    }

    private ClusterSnapshot caughtUpSnapshot() {
        ClusterSnapshot s = view.current();
        if (s.revision() >= lastWrittenRevision) {
            return s;
        }
        try {
            return view.awaitRevision(lastWrittenRevision, CATCH_UP_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (TimeoutException | IllegalStateException e) {
            LOG.warn("{} the view is still at rev={} after our write at rev={}; not waiting for it again", log,
                    view.current().revision(), lastWrittenRevision);
            lastWrittenRevision = 0;
            return null;
        }
    }

    private static RunRecord record(Instant started, RunKind kind, String trigger, long viewRevision, Applied a,
            int held, long t0) {
        return new RunRecord(started, kind, trigger, viewRevision, a.applied(), a.error(), a.revision(),
                a.transactions(), held, Duration.ofNanos(System.nanoTime() - t0));
    }

    static String summary(List<Move> moves) {
        int shown = Math.min(5, moves.size());
        String head = moves.subList(0, shown).toString();
        return moves.size() > shown ? head.substring(0, head.length() - 1) + ", ... " + (moves.size() - shown)
                + " more]" : head;
    }
}
