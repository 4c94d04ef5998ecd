package org.dtablecluster.monitor;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.dtablecluster.concurrent.EventLoop;
import org.dtablecluster.etcd.Failures;
import org.dtablecluster.monitor.HandoffPlanner.Cancel;
import org.dtablecluster.monitor.HandoffPlanner.Cluster;
import org.dtablecluster.monitor.HandoffPlanner.Limits;
import org.dtablecluster.monitor.HandoffPlanner.Step;
import org.dtablecluster.monitor.HandoffTransactions.Result;
import org.dtablecluster.spi.Move;
import org.dtablecluster.view.ClusterSnapshot;
import org.dtablecluster.view.ClusterView;
import org.dtablecluster.view.Handoff;
import org.dtablecluster.view.NodeEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's {@link MoveApplier}: every planned move becomes a wanted move, carried out through
 * {@link HandoffPlanner#step} on the monitor's loop, at once when a run hands moves over, on every
 * snapshot and on a timer. Handoff transactions (start, flip, cancel) are committed without
 * blocking; the next step waits until they are answered and the view shows them, so the limit of
 * open handoffs counts what etcd has. Moves that need no handoff (the owner's key is gone, or it
 * cannot release) are written at once by the {@link AssignmentWriter}, as a run always did.
 *
 * <p>Wanted moves belong to one leadership: a deposed leader drops them, and a new leader finds
 * the open handoffs in its snapshot, where the planner flips, cancels or waits for them.
 *
 * <p>Confined to the monitor's loop, except {@link #requestStep} and the counts.
 */
final class HandoffExecutor implements MoveApplier {

    private static final Logger LOG = LoggerFactory.getLogger(HandoffExecutor.class);
    static final Duration TICK = Duration.ofMillis(250);
    // how long a step waits for the view to show our own writes before it plans without them
    private static final Duration CATCH_UP = Duration.ofSeconds(5);

    private final ClusterView view;
    private final HandoffTransactions txns;
    private final AssignmentWriter writer;
    private final Limits limits;
    private final Clock clock;
    private final Supplier<Optional<Leadership>> leadership;
    private final BiConsumer<Leadership, String> onGuardRefused;
    private final EventLoop loop;
    private final Duration writeTimeout;
    private final String log;
    private final HandoffCounts counts;
    private final AtomicBoolean stepQueued = new AtomicBoolean();
    private volatile int pendingCount;

    // confined to the loop
    private final Map<Integer, Move> wanted = new LinkedHashMap<>();
    private Leadership wantedUnder;
    private int inFlight;
    private long lastWritten;
    private long lastWrittenNanos;

    HandoffExecutor(ClusterView view, HandoffTransactions txns, AssignmentWriter writer, Limits limits, Clock clock,
            Supplier<Optional<Leadership>> leadership, BiConsumer<Leadership, String> onGuardRefused, EventLoop loop,
            Duration writeTimeout, HandoffTimings timings, String log) {
        this.view = requireNonNull(view, "view is null");
        this.txns = requireNonNull(txns, "txns is null");
        this.writer = requireNonNull(writer, "writer is null");
        this.limits = requireNonNull(limits, "limits is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.leadership = requireNonNull(leadership, "leadership is null");
        this.onGuardRefused = requireNonNull(onGuardRefused, "onGuardRefused is null");
        this.loop = requireNonNull(loop, "loop is null");
        this.writeTimeout = requireNonNull(writeTimeout, "writeTimeout is null");
        this.log = requireNonNull(log, "log is null");
        this.counts = new HandoffCounts(timings);
    }

    /**
     * Wants {@code moves} under {@code under} and takes a step now. Answers at once with the moves
     * taken on; only the direct writes are done by then (their revision and transactions).
     */
    @Override
    public Applied apply(Leadership under, List<Move> moves) {
        adopt(under);
        for (Move m : moves) {
            wanted.remove(m.bucket());
            wanted.put(m.bucket(), m);
        }
        pendingCount = wanted.size();
        Applied direct = step(under);
        return direct.error().isPresent() ? direct
                : Applied.all(moves, direct.revision(), direct.transactions());
    }

    /** Asks for a step on the loop (a new snapshot, the timer); joins one already asked for. Any thread. */
    void requestStep() {
        if (stepQueued.compareAndSet(false, true)) {
            loop.execute(() -> {
                stepQueued.set(false);
                tick();
            });
        }
    }

    /** A step under the current leadership, when there is anything to do. */
    void tick() {
        Optional<Leadership> l = leadership.get();
        if (l.isEmpty()) {
            adopt(null);
            return;
        }
        if (wanted.isEmpty() && view.current().moves().open().isEmpty()) {
            return;
        }
        Applied direct = step(l.get());
        if (direct.leadershipLost()) {
            onGuardRefused.accept(l.get(), direct.error().orElseThrow());
        }
    }

    HandoffStatus status() {
        ClusterSnapshot s = view.current();
        List<HandoffStatus.Open> open = s.moves().open().stream().map(h -> new HandoffStatus.Open(h,
                s.moves().released(h.bucket()), s.moves().accepted(h.bucket()))).toList();
        return new HandoffStatus(open, pendingCount, counts.startedCount(), counts.completedCount(),
                counts.cancelledCount(), counts.recentCancels(), limits.maxConcurrent(), limits.timeout());
    }

    /** Transactions committed outside a run (handoffs, and direct writes of later steps). Any thread. */
    long transactions() {
        return counts.transactions();
    }

    static Cluster cluster(ClusterSnapshot s) {
        Set<String> releasing = s.liveNodes().values().stream().filter(NodeEntry::releasesThroughHandoff)
                .map(NodeEntry::nodeId).collect(Collectors.toSet());
        return new Cluster(s.assignment(), s.liveNodes().keySet(), releasing, s.moves());
    }

    private Applied step(Leadership l) {
        ClusterSnapshot s = view.current();
        if (!view.isConnected() || inFlight > 0 || behind(s)) {
            return Applied.all(List.of(), 0, 0);
        }
        Step step = HandoffPlanner.step(cluster(s), List.copyOf(wanted.values()), clock.millis(), limits);
        wanted.clear();
        step.pending().forEach(m -> wanted.put(m.bucket(), m));
        pendingCount = wanted.size();
        for (HandoffPlanner.Dropped d : step.dropped()) {
            LOG.info("{} [term={} bucket={}] move to {} dropped: {}", log, l.createRevision(), d.move().bucketHex(),
                    d.move().to(), d.reason());
        }
        for (Handoff h : step.flips()) {
            issue(l, txns.flip(l, h), tag(l, h.hex(), h.from(), h.to()) + " handoff flipped", r -> counts.completed(h, clock.instant()),
                    () -> { });
        }
        for (Cancel c : step.cancels()) {
            Handoff h = c.handoff();
            issue(l, txns.cancel(l, h, s.moves().releaseKey(h.bucket()), s.moves().released(h.bucket())),
                    tag(l, h.hex(), h.from(), h.to()) + " handoff cancelled: " + c.reason(),
                    r -> counts.cancelled(h, c.reason(), clock.instant()), () -> { });
        }
        for (Move m : step.starts()) {
            issue(l, txns.start(l, m, clock.millis()), tag(l, m.bucketHex(), m.from(), m.to()) + " handoff started",
                    r -> counts.started(), () -> wanted.putIfAbsent(m.bucket(), m));
        }
        return step.direct().isEmpty() ? Applied.all(List.of(), 0, 0) : writeDirect(l, step.direct());
    }

    private Applied writeDirect(Leadership l, List<Move> moves) {
        Applied a = writeOrInterrupted(l, moves);
        wrote(a.revision());
        if (!a.applied().isEmpty()) {
            LOG.info("{} [term={}] {} buckets written directly (no owner, an owner whose key is gone, or one that"
                    + " cannot release through a handoff): {}", log, l.createRevision(), a.applied().size(),
                    RunPipeline.summary(a.applied()));
        }
        if (a.error().isPresent() && !a.leadershipLost()) {
            // etcd failed: try the rest again on the next step
            moves.stream().filter(m -> !a.applied().contains(m)).forEach(m -> wanted.putIfAbsent(m.bucket(), m));
            pendingCount = wanted.size();
        }
        return a;
    }

    private Applied writeOrInterrupted(Leadership l, List<Move> moves) {
        try {
            return writer.apply(l, moves);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Applied.none("interrupted");
        }
    }

    private void issue(Leadership l, CompletableFuture<Result> txn, String what, Consumer<Result> onCommitted,
            Runnable onFailure) {
        inFlight++;
        txn.orTimeout(writeTimeout.toMillis(), TimeUnit.MILLISECONDS).whenCompleteAsync((r, error) -> {
            inFlight--;
            if (error != null) {
                LOG.warn("{} not written: {}", what, Failures.describe(Failures.unwrap(error)));
                onFailure.run();
            } else if (r.committed()) {
                counts.committed(1);
                wrote(r.revision());
                LOG.info("{} at rev={}", what, r.revision());
                onCommitted.accept(r);
            } else if (r.leadershipLost()) {
                LOG.warn("{} refused: the election key of {} is gone; dropping leadership", what, l);
                onGuardRefused.accept(l, "etcd refused a handoff transaction: election key of " + l + " is gone");
            } else {
                LOG.debug("{} lost a race; the next snapshot tells", what);
            }
            if (inFlight == 0) {
                requestStep();
            }
        }, loop);
    }

    private void wrote(long revision) {
        if (revision > lastWritten) {
            lastWritten = revision;
            lastWrittenNanos = System.nanoTime();
        }
    }

    private boolean behind(ClusterSnapshot s) {
        if (s.revision() >= lastWritten) {
            return false;
        }
        if (System.nanoTime() - lastWrittenNanos > CATCH_UP.toNanos()) {
            LOG.warn("{} the view is still at rev={} after our write at rev={}; stepping without it", log,
                    s.revision(), lastWritten);
            lastWritten = 0;
            return false;
        }
        return true;
    }

    // wanted moves are one leadership's: a new or lost one starts from the snapshot alone
    private void adopt(Leadership l) {
        if (wantedUnder != null && !wantedUnder.equals(l) && !wanted.isEmpty()) {
            LOG.info("{} leadership {} over: dropping {} wanted moves", log, wantedUnder, wanted.size());
            wanted.clear();
            pendingCount = 0;
        }
        wantedUnder = l;
    }

    private String tag(Leadership l, String bucket, String from, String to) {
        return log + " [term=" + l.createRevision() + " bucket=" + bucket + " " + from + "->" + to + "]";
    }
}
