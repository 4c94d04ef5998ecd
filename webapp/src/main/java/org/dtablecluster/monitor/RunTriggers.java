package org.dtablecluster.monitor;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.dtablecluster.concurrent.EventLoop;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.view.ClusterSnapshot;
import org.dtablecluster.view.ClusterView;
import org.dtablecluster.view.ConnectionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the leader runs a repair: a different set of live nodes or different assign keys, this
 * instance elected, the view back in sync, a re-registration grace over, a refresh, and every
 * interval. Triggers arriving while a run is queued join it (the run reads the latest snapshot
 * anyway); runs happen on the monitor's loop and only while the view is {@code CONNECTED}.
 */
final class RunTriggers implements LeaderElection.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(RunTriggers.class);

    private final ClusterView view;
    private final RunPipeline pipeline;
    private final EventLoop loop;
    private final Clock clock;
    private final String log;
    private final BooleanSupplier active;
    private final Consumer<String> repair;
    private final AtomicReference<String> pending = new AtomicReference<>();
    private volatile Membership lastMembership;  // view listener thread only

    // confined to the loop
    private boolean connected;
    private boolean everConnected;

    /**
     * @param active whether runs may be asked for now (the monitor is started)
     * @param repair runs a repair on the loop, given the trigger's name
     */
    RunTriggers(ClusterView view, RunPipeline pipeline, EventLoop loop, Clock clock, String log,
            BooleanSupplier active, Consumer<String> repair) {
        this.view = requireNonNull(view, "view is null");
        this.pipeline = requireNonNull(pipeline, "pipeline is null");
        this.loop = requireNonNull(loop, "loop is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.log = requireNonNull(log, "log is null");
        this.active = requireNonNull(active, "active is null");
        this.repair = requireNonNull(repair, "repair is null");
    }

    /** Whether the view is in sync as far as the loop has heard; loop only. */
    boolean connected() {
        return connected;
    }

    void request(String trigger) {
        if (active.getAsBoolean() && pending.getAndSet(trigger) == null) {
            loop.execute(() -> repair.accept(pending.getAndSet(null)));
        }
    }

    /** The view's listener thread. */
    void onSnapshot(ClusterSnapshot s) {
        Membership m = new Membership(Set.copyOf(s.liveNodes().keySet()), s.assignment());
        if (!m.equals(lastMembership)) {
            lastMembership = m;
            request("membership");
        }
    }

    /** On the loop, in the order the view saw the changes; SUSPENDED and LOST both stop runs. */
    void onConnectionState(ConnectionState now) {
        if (now.isConnected() == connected) {
            return;
        }
        connected = now.isConnected();
        long revision = view.current().revision();
        if (!connected) {
            LOG.warn("{} the view is {} at rev={}; no runs until it is back", log, now, revision);
            return;
        }
        if (everConnected) {
            Optional<Instant> until = pipeline.reconnected(revision);
            scheduleGraceEnd(until);
            LOG.info("{} the view is back in sync at rev={}; buckets of missing nodes wait until {} for them to"
                    + " register again", log, revision, until.map(Instant::toString).orElse("now (no grace)"));
        } else {
            LOG.info("{} the view is in sync at rev={}", log, revision);
        }
        everConnected = true;
        request("view in sync");
    }

    @Override
    public void elected(Leadership leadership) {
        Optional<Instant> until = pipeline.elected();
        scheduleGraceEnd(until);
        until.ifPresent(u -> LOG.info("{} leading; buckets of owners that are not live keep them until {}"
                + " unless they all register sooner", log, u));
        request("elected");
    }

    @Override
    public void lost(Leadership leadership, String reason) {
        // the next term begins its own grace; an outage's stricter rule stays until it ends
    }

    private void scheduleGraceEnd(Optional<Instant> until) {
        until.ifPresent(u -> loop.schedule(() -> request("grace over"),
                Duration.ofMillis(Math.max(0, Duration.between(clock.instant(), u).toMillis()) + 10)));
    }

    /** What makes the leader react: the live node ids and the assign keys. */
    private record Membership(Set<String> liveNodes, Assignment assignment) {
    }
}
