package org.dtablecluster.monitor;

import static java.util.Objects.requireNonNull;

import io.etcd.jetcd.Client;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.dtablecluster.concurrent.EventLoop;
import org.dtablecluster.config.MonitorSettings;
import org.dtablecluster.etcd.Keyspace;
import org.dtablecluster.monitor.AssignmentWriter.LeadershipLostException;
import org.dtablecluster.monitor.AssignmentWriter.WriteFailedException;
import org.dtablecluster.monitor.AssignmentWriter.Written;
import org.dtablecluster.monitor.RebalanceResult.Outcome;
import org.dtablecluster.monitor.RunPlanner.Plan;
import org.dtablecluster.monitor.RunPlanner.PlanningException;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.spi.AssignmentStrategy;
import org.dtablecluster.spi.Move;
import org.dtablecluster.spi.RunKind;
import org.dtablecluster.view.ClusterSnapshot;
import org.dtablecluster.view.ClusterView;
import org.dtablecluster.view.ConnectionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitor role: every proxy process may run one; they elect a leader through etcd, and the
 * leader keeps every bucket owned by a live node.
 *
 * <h2>When the leader runs</h2>
 * A repair run ({@link RunKind#REPAIR}: only buckets without a live owner change) follows at
 * once when the view shows a different set of live nodes or different assign keys, when this
 * instance becomes leader, when the view is back in sync with etcd, when a re-registration grace
 * ends, on {@link #refresh()}, and every {@code interval} as a safety net. {@link #rebalance()}
 * runs the strategy in {@link RunKind#REBALANCE} mode. Nothing runs while the view is not in
 * sync with etcd (the proxy keeps serving the last state; the monitor writes nothing it could
 * not have seen), and nothing is written while no node is live (the keys stay as they are, so the
 * nodes get their buckets back when they return).
 *
 * <h2>Re-registration grace</h2>
 * After an etcd outage or a change of leader, a node may be missing only because it has not
 * registered again yet; moving its buckets would unload every base it holds for nothing. So for
 * up to {@code reregisterGrace} after this instance gains leadership, and after the view is back
 * in sync following an outage, buckets whose owner is named in its assign key but not live keep
 * that owner; everything else is repaired normally, so buckets with no assign key at all (a
 * fresh cluster) are assigned at once. The grace ends early once every named owner is live
 * again; after an outage, once every named owner has registered anew, since a registration that
 * survived the outage may belong to a lease nobody renews any more (see
 * {@link ReregistrationGrace}). Outside a grace, a node that stops (its key deleted while etcd
 * and the view were fine) has its buckets moved at once. The price: a node that stops during a
 * grace keeps its buckets until the grace ends.
 *
 * <h2>Writes</h2>
 * The strategy's answer is checked with {@link org.dtablecluster.spi.AssignmentValidator} first:
 * a strategy that throws or breaks its contract changes nothing, and the error is kept in the
 * run's {@link RunRecord}. Only changed keys are written, in transactions of at most 100 puts,
 * each guarded by this instance's election key; when etcd refuses one, this instance drops
 * leadership at once and campaigns again. Before planning, a run waits (briefly) until the view
 * shows the monitor's own last write, so that it never plans from a state older than what it
 * wrote.
 *
 * <h2>Threads and lifecycle</h2>
 * One thread of its own runs everything that reads or changes the monitor's state, so runs never
 * overlap; jetcd and view callbacks only hand work to it. {@link #start()} once;
 * {@link #close()} as often as you like: it revokes the election lease, so another instance
 * takes over at once. The jetcd client and the view belong to the caller.
 */
public final class Monitor implements AutoCloseable {

    /** Where the monitor is in its life. */
    public enum State { LATENT, STARTED, CLOSED }

    private static final Logger LOG = LoggerFactory.getLogger(Monitor.class);
    static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(2);
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    static final Duration LEADER_QUERY_TIMEOUT = Duration.ofSeconds(2);
    private static final int HISTORY = 64;
    private static final String THREAD_NAME = "dtable-cluster-monitor";

    private final String instanceId;
    private final ClusterView view;
    private final MonitorSettings settings;
    private final AssignmentStrategy strategy;
    private final Clock clock;
    private final String log;
    private final EventLoop loop;
    private final LeaderElection election;
    private final AssignmentWriter writer;
    private final int maxOps;
    private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
    private final AtomicReference<String> pendingTrigger = new AtomicReference<>();
    private final Deque<RunRecord> history = new ConcurrentLinkedDeque<>();
    private final AtomicLong runs = new AtomicLong();
    private final AtomicLong transactions = new AtomicLong();
    private volatile Instant graceUntil;
    private volatile Membership lastMembership;  // view listener thread only
    private volatile AutoCloseable subscription;
    private volatile AutoCloseable connectionSubscription;

    // confined to the loop
    private final ReregistrationGrace grace;
    private boolean connected;
    private boolean everConnected;
    private long lastWrittenRevision;
    private boolean idleLogged;

    private Monitor(Builder b, AssignmentStrategy strategy) {
        this.instanceId = b.instanceId;
        this.view = b.view;
        this.settings = b.settings;
        this.strategy = strategy;
        this.clock = b.clock;
        this.log = "[monitor=" + instanceId + "]";
        this.maxOps = b.maxOpsPerTransaction;
        this.grace = new ReregistrationGrace(settings.reregisterGrace());
        this.loop = new EventLoop(THREAD_NAME, log);
        this.writer = new AssignmentWriter(b.client.getKVClient(), b.keyspace, maxOps, b.writeTimeout);
        this.election = new LeaderElection(b.client, b.keyspace.electionName(), instanceId, settings.electionTtl(),
                loop, new ElectionListener(), clock, System::nanoTime, b.watchElectionKey);
    }

    public static Builder builder() {
        return new Builder();
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
        subscription = view.subscribe(this::onSnapshot);
        connectionSubscription = view.subscribeConnectionState(s -> loop.execute(() -> onConnectionState(s)));
        loop.scheduleWithFixedDelay(() -> requestRun("interval"), settings.interval(), settings.interval());
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
        for (AutoCloseable s : new AutoCloseable[] {subscription, connectionSubscription}) {
            if (s != null) {
                try {
                    s.close();
                } catch (Exception e) {
                    LOG.debug("{} unsubscribing from the view failed", log, e);
                }
            }
        }
        if (previous == State.STARTED && !loop.inLoop()) {
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

    /** The leading instance's id, ours included; asks etcd when another leads. */
    public Optional<String> leaderId() {
        return election.leaderId(LEADER_QUERY_TIMEOUT);
    }

    /**
     * Rebalances now, if this instance leads: the strategy in {@link RunKind#REBALANCE} mode,
     * written like any run. Waits for the run.
     */
    public RebalanceResult rebalance() {
        if (!isLeader()) {
            return notLeader();
        }
        RebalanceResult r = call(() -> rebalanceOnLoop(false));
        return r.outcome() == Outcome.NOT_LEADER ? notLeader() : r;
    }

    /** The moves {@link #rebalance()} would make now, without writing; on any instance. */
    public RebalanceResult dryRunRebalance() {
        return call(() -> rebalanceOnLoop(true));
    }

    /**
     * Asks for a repair run now, if this instance leads; it runs on the monitor's thread.
     *
     * @return whether this instance leads (else nothing runs)
     */
    public boolean refresh() {
        requestRun("refresh");
        return isLeader();
    }

    public MonitorStatus status() {
        ClusterSnapshot s = view.current();
        Instant until = graceUntil;
        Instant now = clock.instant();
        return new MonitorStatus(instanceId, isLeader(), leaderId(), strategy.name(), view.isConnected(),
                Optional.ofNullable(until != null && until.isAfter(now) ? until : null), lastRun(),
                s.assignment().bucketCounts(), (int) s.assignment().owners().stream().filter(o -> o == null).count(),
                runs.get(), transactions.get());
    }

    /** The latest run, if any. */
    public Optional<RunRecord> lastRun() {
        return Optional.ofNullable(history.peekLast());
    }

    /** The latest runs, oldest first (at most 64). */
    public List<RunRecord> recentRuns() {
        return List.copyOf(new ArrayList<>(history));
    }

    // ---- package-private, for tests ---------------------------------------------------------

    Optional<Leadership> leadership() {
        return election.current();
    }

    Optional<String> lastLeadershipLoss() {
        return election.lastLoss();
    }

    /**
     * Writes {@code moves} under {@code leadership} exactly as a run does, on the monitor's thread,
     * including dropping leadership when etcd refuses.
     */
    RunRecord writeUnder(Leadership leadership, List<Move> moves) {
        return callOnLoop(() -> {
            Instant started = clock.instant();
            long t0 = System.nanoTime();
            WriteOutcome w = write(leadership, moves);
            RunRecord r = new RunRecord(started, RunKind.REPAIR, "direct", view.current().revision(), w.written,
                    Optional.ofNullable(w.error), w.revision, w.transactions, 0, since(t0));
            record(r);
            return r;
        });
    }

    // ---- triggers ---------------------------------------------------------------------------------

    private void onSnapshot(ClusterSnapshot s) {
        Membership m = new Membership(Set.copyOf(s.liveNodes().keySet()), s.assignment());
        if (!m.equals(lastMembership)) {
            lastMembership = m;
            requestRun("membership");
        }
    }

    // Triggers arriving while a run is queued join it: the run reads the latest snapshot anyway.
    private void requestRun(String trigger) {
        if (state.get() != State.STARTED) {
            return;
        }
        if (pendingTrigger.getAndSet(trigger) == null) {
            loop.execute(() -> repair(pendingTrigger.getAndSet(null)));
        }
    }

    // On the loop, in the order the view saw the changes; SUSPENDED and LOST both stop runs.
    private void onConnectionState(ConnectionState state) {
        boolean now = state.isConnected();
        if (now == connected) {
            return;
        }
        connected = now;
        long revision = view.current().revision();
        if (!now) {
            LOG.warn("{} the view is {} at rev={}; no runs until it is back", log, state, revision);
            return;
        }
        if (everConnected) {
            Optional<Instant> until = grace.beginAfterOutage(clock.instant(), revision);
            graceChanged(until);
            LOG.info("{} the view is back in sync at rev={}; buckets of missing nodes wait until {} for them to"
                    + " register again", log, revision, until.map(Instant::toString).orElse("now (no grace)"));
        } else {
            LOG.info("{} the view is in sync at rev={}", log, revision);
        }
        everConnected = true;
        requestRun("view in sync");
    }

    private final class ElectionListener implements LeaderElection.Listener {
        @Override
        public void elected(Leadership leadership) {
            // our earlier writes are in the view by now, or etcd was rebuilt: do not wait for them
            lastWrittenRevision = 0;
            Optional<Instant> until = grace.begin(clock.instant());
            graceChanged(until);
            until.ifPresent(u -> LOG.info("{} leading; buckets of owners that are not live keep them until {}"
                    + " unless they all register sooner", log, u));
            requestRun("elected");
        }

        @Override
        public void lost(Leadership leadership, String reason) {
            // the next term begins its own grace; an outage's stricter rule stays until it ends
        }
    }

    private void graceChanged(Optional<Instant> until) {
        graceUntil = until.orElse(null);
        until.ifPresent(u -> {
            long delay = Math.max(0, Duration.between(clock.instant(), u).toMillis()) + 10;
            loop.schedule(() -> requestRun("grace over"), Duration.ofMillis(delay));
        });
    }

    // ---- runs, on the loop ------------------------------------------------------------------------

    private void repair(String trigger) {
        if (!election.isLeader() || !connected || !view.isConnected()) {
            return;
        }
        record(run(RunKind.REPAIR, trigger).record);
    }

    private RebalanceResult rebalanceOnLoop(boolean dryRun) {
        String leader = election.isLeader() ? instanceId : null;
        if (!dryRun && leader == null) {
            return RebalanceResult.refused(Outcome.NOT_LEADER, null, "this instance is not the leader");
        }
        if (!view.isConnected()) {
            return RebalanceResult.refused(Outcome.NOT_READY, leader, "the view is not in sync with etcd");
        }
        if (dryRun) {
            Prepared p = prepare(RunKind.REBALANCE, clock.instant());
            if (p.error != null) {
                return RebalanceResult.refused(p.refusal ? Outcome.NOT_READY : Outcome.FAILED, leader, p.error);
            }
            return p.plan == null
                    ? RebalanceResult.done(Outcome.PLANNED, List.of(), p.snapshot.assignment().bucketCounts(), leader, 0)
                    : RebalanceResult.done(Outcome.PLANNED, p.plan.moves(), p.plan.target().bucketCounts(), leader, 0);
        }
        Run run = run(RunKind.REBALANCE, "rebalance");
        record(run.record);
        RunRecord r = run.record;
        if (r.failed()) {
            Outcome o = run.refusal ? Outcome.NOT_READY : election.isLeader() ? Outcome.FAILED : Outcome.NOT_LEADER;
            return RebalanceResult.refused(o, election.isLeader() ? instanceId : null, r.error().orElseThrow());
        }
        return RebalanceResult.done(Outcome.APPLIED, r.moves(), run.counts, instanceId, r.revision());
    }

    /** A plan, or why there is none; {@code plan} is null with no error when nothing is live. */
    private record Prepared(ClusterSnapshot snapshot, Plan plan, String error, boolean refusal) {
    }

    private record Run(RunRecord record, Map<String, Integer> counts, boolean refusal) {
    }

    private Run run(RunKind kind, String trigger) {
        Instant started = clock.instant();
        long t0 = System.nanoTime();
        runs.incrementAndGet();
        Prepared p = prepare(kind, started);
        long viewRevision = p.snapshot == null ? 0 : p.snapshot.revision();
        if (p.error != null || p.plan == null || p.plan.moves().isEmpty()) {
            int held = p.plan == null ? 0 : p.plan.heldBuckets();
            Map<String, Integer> counts = p.snapshot == null ? Map.of() : p.snapshot.assignment().bucketCounts();
            return new Run(new RunRecord(started, kind, trigger, viewRevision, List.of(), Optional.ofNullable(p.error),
                    0, 0, held, since(t0)), counts, p.refusal);
        }
        Leadership leadership = election.current().orElse(null);
        WriteOutcome w = leadership == null
                ? new WriteOutcome(List.of(), "leadership ended before the write", 0, 0)
                : write(leadership, p.plan.moves());
        RunRecord r = new RunRecord(started, kind, trigger, viewRevision, w.written, Optional.ofNullable(w.error),
                w.revision, w.transactions, p.plan.heldBuckets(), since(t0));
        if (w.error == null) {
            LOG.info("{} {} run ({}) moved {} buckets in {} transactions at rev={}{}: {}", log,
                    kind.name().toLowerCase(java.util.Locale.ROOT), trigger, w.written.size(), w.transactions,
                    w.revision, p.plan.heldBuckets() == 0 ? "" : " (" + p.plan.heldBuckets() + " held in grace)",
                    summary(w.written));
        }
        return new Run(r, p.plan.target().bucketCounts(), false);
    }

    private Prepared prepare(RunKind kind, Instant now) {
        ClusterSnapshot snapshot = caughtUpSnapshot();
        if (snapshot == null) {
            return new Prepared(null, null, "the view has not caught up with our own write at rev="
                    + lastWrittenRevision + " within " + CATCH_UP_TIMEOUT, false);
        }
        if (snapshot.liveNodes().isEmpty()) {
            if (!idleLogged) {
                idleLogged = true;
                LOG.warn("{} no live nodes at rev={}; leaving the {} assign keys as they are", log,
                        snapshot.revision(), snapshot.assignment().bucketCounts().values().stream()
                                .mapToInt(Integer::intValue).sum());
            }
            return new Prepared(snapshot, null, null, false);
        }
        idleLogged = false;
        Set<String> held = heldOwners(snapshot, now);
        if (kind == RunKind.REBALANCE && !held.isEmpty()) {
            return new Prepared(snapshot, null, "rebalance refused: until " + graceUntil
                    + " the monitor waits for " + held + " to register again; try again then", true);
        }
        try {
            return new Prepared(snapshot, RunPlanner.plan(snapshot, strategy, settings.strategyOptions(), kind, held),
                    null, false);
        } catch (PlanningException e) {
            LOG.error("{} {} at rev={}; nothing written", log, e.getMessage(), snapshot.revision(), e.getCause());
            return new Prepared(snapshot, null, e.getMessage(), false);
        }
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

    // Never plan from a snapshot older than our own last write: the same buckets would be
    // planned (and maybe moved elsewhere) twice.
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
            // logged below
        }
        LOG.warn("{} the view is still at rev={} after our write at rev={}; not waiting for it again", log,
                view.current().revision(), lastWrittenRevision);
        lastWrittenRevision = 0;
        return null;
    }

    private record WriteOutcome(List<Move> written, String error, long revision, int transactions) {
    }

    private WriteOutcome write(Leadership leadership, List<Move> moves) {
        try {
            Written w = writer.write(leadership, moves);
            transactions.addAndGet(w.transactions());
            lastWrittenRevision = Math.max(lastWrittenRevision, w.revision());
            return new WriteOutcome(moves, null, w.revision(), w.transactions());
        } catch (WriteFailedException e) {
            transactions.addAndGet(e.transactions());
            lastWrittenRevision = Math.max(lastWrittenRevision, e.revision());
            List<Move> written = moves.subList(0, Math.min(moves.size(), e.transactions() * maxOps));
            if (e instanceof LeadershipLostException) {
                LOG.warn("{} {}; dropping leadership", log, e.getMessage());
                election.relinquish(leadership, e.getMessage());
            } else {
                LOG.warn("{} {}", log, e.getMessage());
            }
            return new WriteOutcome(written, e.getMessage(), e.revision(), e.transactions());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new WriteOutcome(List.of(), "interrupted", 0, 0);
        }
    }

    private void record(RunRecord r) {
        history.addLast(r);
        while (history.size() > HISTORY) {
            history.pollFirst();
        }
    }

    // ---- plumbing ---------------------------------------------------------------------------------

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
            return callOnLoop(task);
        } catch (IllegalStateException e) {
            return RebalanceResult.refused(Outcome.FAILED, null, e.getMessage());
        }
    }

    private <T> T callOnLoop(Callable<T> task) {
        return loop.callAndWait("answer", task, CALL_TIMEOUT);
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private static String summary(List<Move> moves) {
        int shown = Math.min(5, moves.size());
        String head = moves.subList(0, shown).toString();
        return moves.size() > shown ? head.substring(0, head.length() - 1) + ", ... " + (moves.size() - shown)
                + " more]" : head;
    }

    /** What makes the leader react: the live node ids and the assign keys. */
    private record Membership(Set<String> liveNodes, Assignment assignment) {
    }

    /**
     * Configures a {@link Monitor}. Required: {@link #client}, {@link #keyspace}, {@link #view},
     * {@link #settings}.
     */
    public static final class Builder {
        private Client client;
        private Keyspace keyspace;
        private ClusterView view;
        private MonitorSettings settings;
        private AssignmentStrategy strategy;
        private StrategyRegistry strategies;
        private String instanceId;
        private Clock clock = Clock.systemUTC();
        private int maxOpsPerTransaction = AssignmentWriter.DEFAULT_MAX_OPS;
        private Duration writeTimeout = Duration.ofSeconds(5);
        private boolean watchElectionKey = true;

        private Builder() {
        }

        /** For tests only: without the watch, only the write guard can tell a leader it was deposed. */
        Builder watchElectionKey(boolean watch) {
            this.watchElectionKey = watch;
            return this;
        }

        /** The jetcd client; the caller keeps owning it. */
        public Builder client(Client client) {
            this.client = requireNonNull(client, "client is null");
            return this;
        }

        public Builder keyspace(Keyspace keyspace) {
            this.keyspace = requireNonNull(keyspace, "keyspace is null");
            return this;
        }

        public Builder view(ClusterView view) {
            this.view = requireNonNull(view, "view is null");
            return this;
        }

        public Builder settings(MonitorSettings settings) {
            this.settings = requireNonNull(settings, "settings is null");
            return this;
        }

        /**
         * Where to find {@code settings.strategy()}; by default the strategies this class's
         * loader can see.
         */
        public Builder strategies(StrategyRegistry strategies) {
            this.strategies = requireNonNull(strategies, "strategies is null");
            return this;
        }

        /** Runs this strategy, whatever {@code settings.strategy()} names; for tests and embedding. */
        public Builder strategy(AssignmentStrategy strategy) {
            this.strategy = requireNonNull(strategy, "strategy is null");
            return this;
        }

        /** This instance's id in the election; {@link #defaultInstanceId()} by default. */
        public Builder instanceId(String instanceId) {
            requireNonNull(instanceId, "instanceId is null");
            if (instanceId.isBlank()) {
                throw new IllegalArgumentException("instanceId must not be blank");
            }
            this.instanceId = instanceId;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = requireNonNull(clock, "clock is null");
            return this;
        }

        /** Puts per transaction, in [1, 128]; 100 by default. */
        public Builder maxOpsPerTransaction(int maxOps) {
            if (maxOps < 1 || maxOps > 128) {
                throw new IllegalArgumentException("maxOpsPerTransaction must be in [1, 128], was " + maxOps);
            }
            this.maxOpsPerTransaction = maxOps;
            return this;
        }

        /** How long one transaction may take, in [100 ms, 1 min]; 5 s by default. */
        public Builder writeTimeout(Duration timeout) {
            requireNonNull(timeout, "timeout is null");
            if (timeout.toMillis() < 100 || timeout.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException("writeTimeout must be in [100 ms, 1 min], was " + timeout);
            }
            this.writeTimeout = timeout;
            return this;
        }

        /**
         * @throws IllegalArgumentException for settings out of range, an unknown strategy or
         *     options the strategy rejects
         */
        public Monitor build() {
            requireNonNull(client, "client is not set");
            requireNonNull(keyspace, "keyspace is not set");
            requireNonNull(view, "view is not set");
            requireNonNull(settings, "settings is not set");
            if (instanceId == null) {
                instanceId = defaultInstanceId();
            }
            AssignmentStrategy chosen = strategy != null
                    ? StrategyRegistry.of(strategy).configured(strategy.name(), settings.strategyOptions())
                    : (strategies != null ? strategies : StrategyRegistry.load(Monitor.class.getClassLoader()))
                            .configured(settings.strategy(), settings.strategyOptions());
            return new Monitor(this, chosen);
        }
    }
}
