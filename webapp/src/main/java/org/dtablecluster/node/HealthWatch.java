package org.dtablecluster.node;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.function.BooleanSupplier;
import java.util.function.LongFunction;
import org.dtablecluster.concurrent.EventLoop;
import org.dtablecluster.etcd.Failures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes the dtable-server every interval, one probe at a time, and tells the registration when
 * health changes: after {@code health_check_failures} failures in a row it is unwanted (the lease
 * is revoked so the buckets move now), once a probe answers again it is wanted. Loop only.
 */
final class HealthWatch {

    private static final Logger LOG = LoggerFactory.getLogger(HealthWatch.class);

    private final HealthProbe probe;
    private final HealthTracker health;
    private final EventLoop loop;
    private final LastError errors;
    private final BooleanSupplier running;
    private final Runnable reconcile;
    private final LongFunction<String> context;
    private final RegistrationKeeper keeper;
    private ScheduledFuture<?> task;
    private boolean inFlight;

    /**
     * @param running whether the agent still runs (a late answer after close changes nothing)
     * @param reconcile makes the registration match what is wanted now
     * @param context the log context for a lease id
     */
    HealthWatch(HealthProbe probe, HealthTracker health, EventLoop loop, LastError errors, BooleanSupplier running,
            Runnable reconcile, LongFunction<String> context, RegistrationKeeper keeper) {
        this.probe = requireNonNull(probe, "probe is null");
        this.health = requireNonNull(health, "health is null");
        this.loop = requireNonNull(loop, "loop is null");
        this.errors = requireNonNull(errors, "errors is null");
        this.running = requireNonNull(running, "running is null");
        this.reconcile = requireNonNull(reconcile, "reconcile is null");
        this.context = requireNonNull(context, "context is null");
        this.keeper = requireNonNull(keeper, "keeper is null");
    }

    void start(Duration interval) {
        task = loop.scheduleWithFixedDelay(this::probe, Duration.ZERO, interval);
    }

    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    private void probe() {
        if (inFlight || !running.getAsBoolean()) {
            return;
        }
        inFlight = true;
        probe.check().whenComplete((result, error) -> loop.execute(() -> onResult(
                result != null ? result : new HealthProbe.Result(false, Failures.describe(error)))));
    }

    private void onResult(HealthProbe.Result result) {
        inFlight = false;
        if (!running.getAsBoolean()) {
            return;
        }
        switch (health.record(result.healthy())) {
            case WENT_DOWN -> {
                errors.record("health check " + probe.target() + " failed " + health.consecutiveFailures()
                        + " times in a row: " + result.detail());
                LOG.warn("{} health check {} failed {} times in a row (last: {}); revoking the lease so the"
                        + " buckets move now", context.apply(keeper.leaseId()), probe.target(),
                        health.consecutiveFailures(), result.detail());
                reconcile.run();
            }
            case RECOVERED -> {
                LOG.info("{} health check {} answers again ({}); registering again", context.apply(0),
                        probe.target(), result.detail());
                reconcile.run();
            }
            case NONE -> {
                if (health.state() == HealthState.FAILING) {
                    LOG.info("{} health check {} failed ({}/{}): {}", context.apply(keeper.leaseId()),
                            probe.target(), health.consecutiveFailures(), health.threshold(), result.detail());
                }
            }
        }
    }

    /** The URL it probes. */
    java.net.URI target() {
        return probe.target();
    }
}
