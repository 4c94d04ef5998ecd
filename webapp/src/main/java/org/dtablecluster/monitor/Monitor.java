package org.dtablecluster.monitor;

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
 * ({@link RunPipeline}, {@link RunTriggers}), moves buckets through handoffs
 * ({@link HandoffExecutor}), rebalances on request, by itself ({@link AutoRebalanceRuns}) and for
 * drains and pins ({@link OperatorActions}), and records what changed ({@link ChangeHistory}).
 * The package description tells when runs happen and the write rules.
 *
 * <p>One {@link EventLoop} of its own runs everything that reads or changes the monitor's state;
 * callbacks only hand work to it. {@link #start()} once; {@link #close()} as often as you like: it
 * revokes the election lease, so another instance takes over at once. Reads ({@link #status()},
 * {@link #leaderId()}) never touch etcd.
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
    private final MonitorRuns runs;

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
                this::leadership, this::relinquish, loop, b.writeTimeout, b.handoffTimings, log);
        this.changes = new ChangeHistory(b.client.getKVClient(), b.keyspace, log);
        this.pipeline = new RunPipeline(view, strategy, settings, handoffs, this::relinquish, clock, log);
        this.runs = new MonitorRuns(view, pipeline, history, changes, handoffs, this::leadership, this::leadingId,
                this::readyToRun, clock);
        this.triggers = new RunTriggers(view, pipeline, loop, clock, log, () -> state.get() == State.STARTED,
                runs::repair);
        this.self = LeaderInfo.of(instanceId, b.adminUrl);
        this.election = new LeaderElection(b.client, b.keyspace.electionName(), self, settings.electionTtl(),
                loop, triggers, clock, System::nanoTime, b.watchElectionKey);
        this.operator = new OperatorActions(view, pipeline,
                new IntentWriter(b.client.getKVClient(), b.keyspace, b.writeTimeout), clock, this::leadership,
                trigger -> runs.run(RunKind.REBALANCE, trigger, Integer.MAX_VALUE, trigger), this::leadingId,
                this::relinquish, log);
        this.leaderObserver = new LeaderObserver(b.client, b.keyspace.electionName(), loop, log);
        this.autoRebalance = new AutoRebalanceRuns(new AutoRebalance(settings.autoRebalance(),
                settings.rebalanceHoldOff(), settings.maxMovesPerMinute()), loop, clock,
                this::readyToRun, runs::handoffsSettled,
                runs::auto, log);
    }

    public static MonitorBuilder builder() {
        return new MonitorBuilder();
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
        RebalanceResult r = call(() -> runs.rebalance(false, requestedBy));
        return r.outcome() == Outcome.NOT_LEADER ? notLeader() : r;
    }

    /** The moves {@link #rebalance()} would make now, without writing; on any instance. */
    public RebalanceResult dryRunRebalance() {
        return call(() -> runs.rebalance(true, null));
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

    /** The audit trail, newest first: at most {@code limit} entries below sequence {@code before}; reads etcd. */
    public List<com.fasterxml.jackson.databind.JsonNode> history(int limit, long before) throws java.io.IOException {
        return changes.page(limit, before);
    }

    // ---- plumbing ---------------------------------------------------------------------------------

    private String leadingId() {
        return election.isLeader() ? instanceId : null;
    }

    private boolean readyToRun() {
        return election.isLeader() && triggers.connected() && view.isConnected();
    }

    // etcd refused a write guarded by this leadership: it is over
    private void relinquish(Leadership leadership, String why) {
        election.relinquish(leadership, why);
    }

    private RebalanceResult notLeader() {
        return RebalanceAnswers.notLeader(leaderId());
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
