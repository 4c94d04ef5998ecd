package org.dtablecluster.monitor;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import org.dtablecluster.concurrent.EventLoop;
import org.dtablecluster.view.ClusterSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds {@link AutoRebalance} the live nodes of every snapshot and, on each {@link #tick()} of the
 * monitor's loop, runs the rebalance it asks for. Every instance follows the live nodes, so a new
 * leader knows how long they have been stable; only the leader runs.
 */
final class AutoRebalanceRuns {

    private static final Logger LOG = LoggerFactory.getLogger(AutoRebalanceRuns.class);

    private final AutoRebalance policy;
    private final EventLoop loop;
    private final Clock clock;
    private final BooleanSupplier mayRun;
    private final BooleanSupplier settled;
    private final IntFunction<Result> run;
    private final String log;
    private volatile Set<String> lastLive;  // view listener thread only
    private String lastReason;              // loop only

    /** What an automatic run did: the moves it made and those it left for a later run. */
    record Result(int moved, int leftOver, boolean failed) {
    }

    /**
     * @param mayRun this instance leads and its view is in sync
     * @param settled no handoff is open and none waits
     * @param run runs a rebalance of at most the given number of moves, on the loop
     */
    AutoRebalanceRuns(AutoRebalance policy, EventLoop loop, Clock clock, BooleanSupplier mayRun,
            BooleanSupplier settled, IntFunction<Result> run, String log) {
        this.policy = requireNonNull(policy, "policy is null");
        this.loop = requireNonNull(loop, "loop is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.mayRun = requireNonNull(mayRun, "mayRun is null");
        this.settled = requireNonNull(settled, "settled is null");
        this.run = requireNonNull(run, "run is null");
        this.log = requireNonNull(log, "log is null");
    }

    /** The view's listener thread. */
    void onSnapshot(ClusterSnapshot s) {
        Set<String> live = Set.copyOf(s.liveNodes().keySet());
        if (!live.equals(lastLive)) {
            lastLive = live;
            loop.execute(() -> policy.live(live, clock.instant()));
        }
    }

    /** On the loop. */
    void tick() {
        if (!mayRun.getAsBoolean()) {
            return;
        }
        AutoRebalance.Decision d = policy.decide(clock.instant(), settled.getAsBoolean());
        if (!d.run()) {
            String reason = d.reason().orElseThrow();
            if (!reason.equals(lastReason)) {
                lastReason = reason;
                LOG.debug("{} no automatic rebalance: {}", log, reason);
            }
            return;
        }
        lastReason = null;
        Result r = run.apply(d.budget());
        if (!r.failed()) {
            policy.ran(r.moved(), r.leftOver(), clock.instant());
        }
    }
}
