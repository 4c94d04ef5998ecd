package org.dtablecluster.monitor;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.dtablecluster.concurrent.EventLoop;
import org.dtablecluster.config.MonitorSettings;
import org.dtablecluster.monitor.RebalanceResult.Outcome;
import org.dtablecluster.spi.AssignmentStrategy;
import org.dtablecluster.spi.Move;
import org.dtablecluster.spi.RunKind;
import org.dtablecluster.view.ClusterSnapshot;
import org.dtablecluster.view.ClusterView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitor role: every proxy process may run one; they elect a leader through etcd
 * ({@link LeaderElection}), and the leader keeps every bucket owned by a live node
 * ({@link RunPipeline}).
 *
 * <p>A repair run ({@link RunKind#REPAIR}: only buckets without a live owner change) follows at
 * once when the view shows a different set of live nodes or different assign keys, when this
 * instance becomes leader, when the view is back in sync with etcd, when a re-registration grace
 * ends, on {@link #refresh()}, and every {@code interval} as a safety net. {@link #rebalance()}
 * runs the strategy in {@link RunKind#REBALANCE} mode. Nothing runs while the view's
 * {@link org.dtablecluster.view.ConnectionState} is not {@code CONNECTED} (the proxy keeps serving the last state; the
 * monitor writes nothing it could not have seen). The package description tells the
 * re-registration grace and the write rules.
 *
 * <p>Threads and lifecycle: one {@link EventLoop} of its own runs everything that reads or
 * changes the monitor's state, so runs never overlap; jetcd and view callbacks only hand work to
 * it. {@link #start()} once; {@link #close()} as often as you like: it revokes the election
 * lease, so another instance takes over at once. The jetcd client and the view belong to the
 * caller. Reads ({@link #status()}, {@link #leaderId()}) never touch etcd.
 */
public final class Monitor implements AutoCloseable {

    /** Where the monitor is in its life. */
    public enum State { LATENT, STARTED, CLOSED }

    private static final Logger LOG = LoggerFactory.getLogger(Monitor.class);
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration AUTO_TICK = Duration.ofMillis(500);

    private final String instanceId;
    private final LeaderInfo self;
    private final ClusterView view;
    private final MonitorSettings settings;
    private final AssignmentStrategy strategy;
    private final Clock clock;
    private final String log;
    private final EventLoop loop;
    private final LeaderElection election;
    private final LeaderObserver leaderObserver;
    private final RunPipeline pipeline;
    private final HandoffExecutor handoffs;
    private final OperatorActions operator;
    private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
    private final RunHistory history = new RunHistory();
    private final RunTriggers triggers;
    private final List<AutoCloseable> subscriptions = new ArrayList<>();
    private final AutoRebalanceRuns autoRebalance;
    private final ChangeHistory changes;

    Monitor(MonitorBuilder b, AssignmentStrategy strategy) {
        this.instanceId = b.instanceId;
        this.view = b.view;
        this.settings = b.settings;
        this.strategy = strategy;
        this.clock = b.clock;
        this.log = "[monitor=" + instanceId + "]";
        this.loop = new EventLoop("dtable-cluster-monitor", log);
        AssignmentWriter writer = new AssignmentWriter(b.client.getKVClient(), b.keyspace, b.maxOpsPerTransaction,
                b.writeTimeout);
        this.handoffs = new HandoffExecutor(view, new HandoffTransactions(b.client.getKVClient(), b.keyspace), writer,
                new HandoffPlanner.Limits(b.handoff.maxConcurrentHandoffs(), b.handoff.handoffTimeout()), clock,
                this::leadership, this::relinquish, loop, b.writeTimeout, log);
        this.pipeline = new RunPipeline(view, strategy, settings, handoffs, this::relinquish, clock, log);
        this.triggers = new RunTriggers(view, pipeline, loop, clock, log, () -> state.get() == State.STARTED,
                this::repair);
        this.self = LeaderInfo.of(instanceId, b.adminUrl);
        this.election = new LeaderElection(b.client, b.keyspace.electionName(), self, settings.electionTtl(),
                loop, triggers, clock, System::nanoTime, b.watchElectionKey);
        this.operator = new OperatorActions(view, pipeline,
                new IntentWriter(b.client.getKVClient(), b.keyspace, b.writeTimeout), clock, this::leadership,
                trigger -> run(RunKind.REBALANCE, trigger, Integer.MAX_VALUE, trigger), () -> election.isLeader() ? instanceId : null,
                this::relinquish, log);
        this.leaderObserver = new LeaderObserver(b.client, b.keyspace.electionName(), loop, log);
        this.changes = new ChangeHistory(b.client.getKVClient(), b.keyspace, log);
        this.autoRebalance = new AutoRebalanceRuns(new AutoRebalance(settings.autoRebalance(),
                settings.rebalanceHoldOff(), settings.maxMovesPerMinute()), loop, clock,
                () -> election.isLeader() && triggers.connected() && view.isConnected(), this::handoffsSettled,
                this::autoRun, log);
    }

    public static MonitorBuilder builder() {
        return new MonitorBuilder();
    }

    /** {@code host:pid}: unique per process, and says where to look. */
    public static String defaultInstanceId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return host + ":" + ProcessHandle.current().pid();
    }

    /** Starts campaigning and following the view. Only once. */
    public void start() {
        if (!state.compareAndSet(State.LATENT, State.STARTED)) {
            throw new IllegalStateException("cannot start a monitor that is " + state.get());
        }
        subscriptions.add(view.subscribe(triggers::onSnapshot));
        subscriptions.add(view.subscribeConnectionState(s -> loop.execute(() -> triggers.onConnectionState(s))));
        subscriptions.add(view.subscribe(s -> handoffs.requestStep()));
        subscriptions.add(view.subscribe(autoRebalance::onSnapshot));
        loop.scheduleWithFixedDelay(autoRebalance::tick, AUTO_TICK, AUTO_TICK);
        loop.scheduleWithFixedDelay(() -> triggers.request("interval"), settings.interval(), settings.interval());
        loop.scheduleWithFixedDelay(handoffs::tick, HandoffExecutor.TICK, HandoffExecutor.TICK);
        leaderObserver.start();
        election.start();
        LOG.info("{} started: strategy={} interval={} electionTtl={} reregisterGrace={}", log, strategy.name(),
                settings.interval(), settings.electionTtl(), settings.reregisterGrace());
    }

    /** Stops, revoking the election lease so another instance takes over at once. Idempotent. */
    @Override
    public void close() {
        State previous = state.getAndSet(State.CLOSED);
        if (previous == State.CLOSED) {
            return;
        }
        for (AutoCloseable s : subscriptions) {
            try {
                s.close();
            } catch (Exception e) {
                LOG.debug("{} unsubscribing from the view failed", log, e);
            }
        }
        if (previous == State.STARTED && !loop.inLoop()) {
            leaderObserver.close();
            election.close();
        }
        loop.shutdown(Duration.ofSeconds(5));
        if (previous == State.STARTED) {
            LOG.info("{} closed", log);
        }
    }

    public State state() {
        return state.get();
    }

    public String instanceId() {
        return instanceId;
    }

    public String strategyName() {
        return strategy.name();
    }

    public boolean isLeader() {
        return election.isLeader();
    }

    /** The leading instance's id, ours included, as the election last saw it; never asks etcd. */
    public Optional<String> leaderId() {
        return leader().map(LeaderInfo::id);
    }

    /** The leading instance, ours included, with its admin URL when it publishes one; never asks etcd. */
    public Optional<LeaderInfo> leader() {
        return isLeader() ? Optional.of(self) : leaderObserver.leader();
    }

    /**
     * Rebalances now, if this instance leads: the strategy in {@link RunKind#REBALANCE} mode,
     * applied like any run. Waits for the run.
     */
    public RebalanceResult rebalance() {
        return rebalance("jmx");
    }

    /** {@link #rebalance()}, asked for by {@code requestedBy} (the admin user), as the history records it. */
    public RebalanceResult rebalance(String requestedBy) {
        if (!isLeader()) {
            return notLeader();
        }
        RebalanceResult r = call(() -> rebalanceOnLoop(false, requestedBy));
        return r.outcome() == Outcome.NOT_LEADER ? notLeader() : r;
    }

    /** The moves {@link #rebalance()} would make now, without writing; on any instance. */
    public RebalanceResult dryRunRebalance() {
        return call(() -> rebalanceOnLoop(true, null));
    }

    /**
     * Drains, undrains, pins or unpins, if this instance leads (a dry run works on any instance):
     * writes the key, then rebalances. Waits for the run.
     */
    public OperatorResult operate(OperatorCommand command) {
        if (!command.dryRun() && !isLeader()) {
            RebalanceResult n = notLeader();
            return OperatorResult.refused(command, OperatorResult.Status.NOT_LEADER, n.error().orElseThrow(),
                    n.leader().orElse(null));
        }
        if (state.get() != State.STARTED) {
            return OperatorResult.refused(command, OperatorResult.Status.NOT_READY, "the monitor is " + state.get(),
                    null);
        }
        try {
            return loop.callAndWait(command.action(), () -> operator.execute(command), CALL_TIMEOUT);
        } catch (IllegalStateException e) {
            return OperatorResult.refused(command, OperatorResult.Status.FAILED, e.getMessage(), null);
        }
    }

    /**
     * Asks for a repair run now, if this instance leads; it runs on the monitor's thread.
     *
     * @return whether this instance leads (else nothing runs)
     */
    public boolean refresh() {
        triggers.request("refresh");
        return isLeader();
    }

    /** Cheap, never blocks and never asks etcd: every JMX attribute reads it. */
    public MonitorStatus status() {
        ClusterSnapshot s = view.current();
        return new MonitorStatus(instanceId, isLeader(), leaderId(), strategy.name(), view.isConnected(),
                pipeline.graceUntil(), lastRun(), s.assignment().bucketCounts(),
                (int) s.assignment().owners().stream().filter(o -> o == null).count(), history.count(),
                pipeline.transactions() + handoffs.transactions(), handoffs.status());
    }

    /** The latest run, if any. */
    public Optional<RunRecord> lastRun() {
        return history.last();
    }

    /** The latest runs, oldest first (at most 64). */
    public List<RunRecord> recentRuns() {
        return history.recent();
    }

    // ---- package-private, for tests ---------------------------------------------------------

    Optional<Leadership> leadership() {
        return election.current();
    }

    Optional<String> lastLeadershipLoss() {
        return election.lastLoss();
    }

    /** Applies {@code moves} under {@code leadership} exactly as a run does, on the monitor's loop. */
    RunRecord writeUnder(Leadership leadership, List<Move> moves) {
        return loop.callAndWait("write", () -> {
            Instant started = clock.instant();
            long t0 = System.nanoTime();
            MoveApplier.Applied a = pipeline.apply(leadership, moves);
            RunRecord r = new RunRecord(started, RunKind.REPAIR, "direct", view.current().revision(), a.applied(),
                    a.error(), a.revision(), a.transactions(), 0, Duration.ofNanos(System.nanoTime() - t0));
            history.add(r);
            return r;
        }, CALL_TIMEOUT);
    }

    // ---- runs, on the loop ------------------------------------------------------------------------

    private void repair(String trigger) {
        if (election.isLeader() && triggers.connected() && view.isConnected()) {
            run(RunKind.REPAIR, trigger, Integer.MAX_VALUE, "repair");
        }
    }

    private RunOutcome run(RunKind kind, String trigger, int maxMoves, String requestedBy) {
        history.started();
        RunOutcome outcome = pipeline.run(kind, trigger, election.current(), maxMoves);
        history.add(outcome.record());
        changes.recordRun(election.current(), outcome.record(), requestedBy, handoffs.status().recentCancels());
        return outcome;
    }

    /**
     * The audit trail, newest first: at most {@code limit} entries with a sequence below
     * {@code before}; reads etcd.
     */
    public List<com.fasterxml.jackson.databind.JsonNode> history(int limit, long before) throws java.io.IOException {
        return changes.page(limit, before);
    }

    private RebalanceResult rebalanceOnLoop(boolean dryRun, String requestedBy) {
        String leader = election.isLeader() ? instanceId : null;
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
        return RebalanceAnswers.of(o, election.isLeader() ? instanceId : null);
    }

    private AutoRebalanceRuns.Result autoRun(int maxMoves) {
        RunOutcome o = run(RunKind.REBALANCE, "auto", maxMoves, "auto");
        return new AutoRebalanceRuns.Result(o.record().moves().size(), pipeline.leftOver(),
                !(o instanceof RunOutcome.Moved || o instanceof RunOutcome.Unchanged));
    }

    private boolean handoffsSettled() {
        HandoffStatus h = handoffs.status();
        return h.open().isEmpty() && h.pending() == 0;
    }

    // ---- plumbing ---------------------------------------------------------------------------------

    // etcd refused a write guarded by this leadership: it is over
    private void relinquish(Leadership leadership, String why) {
        election.relinquish(leadership, why);
    }

    private RebalanceResult notLeader() {
        Optional<String> leader = leaderId();
        return RebalanceResult.refused(Outcome.NOT_LEADER, leader.orElse(null), "this instance is not the leader; "
                + leader.map(l -> "the leader is " + l).orElse("no leader is known right now"));
    }

    private RebalanceResult call(Callable<RebalanceResult> task) {
        if (state.get() != State.STARTED) {
            return RebalanceResult.refused(Outcome.NOT_READY, null, "the monitor is " + state.get());
        }
        try {
            return loop.callAndWait("rebalance", task, CALL_TIMEOUT);
        } catch (IllegalStateException e) {
            return RebalanceResult.refused(Outcome.FAILED, null, e.getMessage());
        }
    }
}
