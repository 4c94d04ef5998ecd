package org.dtablecluster.node;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.dtablecluster.concurrent.EventLoop;
import org.dtablecluster.etcd.EtcdLease;
import org.dtablecluster.view.ClusterSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's side of one owner at a time (OWNERSHIP.md), with a hook configured: keeps the
 * dtable-server's owned set equal to {@link ClaimState}'s wish through the {@link AssignmentHook},
 * renews its {@code valid_until_ms} on every acknowledged keep-alive and every resync, fences on
 * the {@link FencingDeadline} ({@link LeaseWatch}), answers handoffs ({@link HandoffAcks}) once the
 * server confirmed, and lets the registration be given up only after the server released
 * everything or its last deadline passed ({@link #releaseAll()}). Loop only.
 */
final class Claims {

    private static final Logger LOG = LoggerFactory.getLogger(Claims.class);
    private static final long MAX_TICK_MILLIS = 100;

    private final ClaimState claim;
    private final LeaseWatch watch;
    private final EventLoop loop;
    private final LongSupplier nanoTime;
    private final Clock clock;
    private final Duration resync;
    private final HandoffAcks acks;
    private final BooleanSupplier wanted;
    private final Function<Long, String> context;
    private final List<CompletableFuture<Void>> releaseWaiters = new ArrayList<>();
    private AssignmentHook hook;
    private RegistrationKeeper keeper;
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();

    Claims(String nodeId, FencingDeadline deadline, Duration resync, HandoffAcks acks, EventLoop loop,
            LongSupplier nanoTime, Clock clock, BooleanSupplier wanted, Function<Long, String> context) {
        this.claim = new ClaimState(nodeId);
        this.watch = new LeaseWatch(deadline);
        this.resync = requireNonNull(resync, "resync is null");
        this.acks = requireNonNull(acks, "acks is null");
        this.loop = requireNonNull(loop, "loop is null");
        this.nanoTime = requireNonNull(nanoTime, "nanoTime is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.wanted = requireNonNull(wanted, "wanted is null");
        this.context = requireNonNull(context, "context is null");
    }

    /** Wires the hook (built with {@link #request()} and {@link #confirmed}) and the registration. */
    void bind(AssignmentHook hook, RegistrationKeeper keeper) {
        this.hook = requireNonNull(hook, "hook is null");
        this.keeper = requireNonNull(keeper, "keeper is null");
    }

    /** Starts the lease watch and the resync, and tells the server the full owned set now. */
    void start() {
        Duration tick = Duration.ofMillis(Math.max(10, Math.min(MAX_TICK_MILLIS,
                watch.deadline().ttl().minus(watch.deadline().margin()).toMillis() / 10)));
        timers.add(loop.scheduleWithFixedDelay(this::tick, tick, tick));
        timers.add(loop.scheduleWithFixedDelay(() -> hook.poke(true), resync, resync));
        hook.poke(true);
    }

    void close() {
        timers.forEach(t -> t.cancel(false));
        hook.close();
        releaseWaiters.forEach(w -> w.complete(null));
        releaseWaiters.clear();
    }

    void snapshot(ClusterSnapshot snapshot) {
        claim.snapshot(snapshot);
        hook.poke(false);
        writeAcks();
    }

    void registered(EtcdLease lease, long revision) {
        claim.registered(revision);
        watch.watch(lease.lastAckedSendNanos());
        hook.poke(true);
    }

    void unregistered() {
        claim.unregistered();
        watch.unwatch();
        hook.poke(false);
    }

    /** The wish changed outside a snapshot (wanted or not): tell the server. */
    void wantedChanged() {
        hook.poke(false);
    }

    /**
     * Tells the server to serve nothing (the caller has made the agent unwanted first) and
     * completes once it confirmed, or once the last {@code valid_until_ms} handed out has passed.
     */
    CompletableFuture<Void> releaseAll() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        hook.poke(true);
        if (released()) {
            done.complete(null);
            return done;
        }
        releaseWaiters.add(done);
        long waitMs = Math.max(0, hook.lastValidUntilHandedOut() - clock.millis()) + 1;
        loop.schedule(() -> {
            if (releaseWaiters.remove(done)) {
                LOG.warn("{} the dtable-server did not confirm the release; its valid_until_ms has passed, so it"
                        + " serves nothing now", context.apply(keeper.leaseId()));
                done.complete(null);
            }
        }, Duration.ofMillis(waitMs));
        return done;
    }

    /** What the hook sends now; {@code null} while there is nothing to say. */
    AssignmentHook.Request request() {
        ClaimState.Wish wish = claim.wish(wanted.getAsBoolean());
        if (wish == null) {
            return null;
        }
        EtcdLease lease = keeper.lease();
        long now = clock.millis();
        long validUntil = wish.claiming() && lease != null
                ? watch.deadline().validUntilEpochMs(lease.lastAckedSendNanos(), nanoTime.getAsLong(), now) : now;
        return new AssignmentHook.Request(wish.owned(), wish.revision(), validUntil);
    }

    /** The server confirmed serving {@code sent.owned()}. */
    void confirmed(AssignmentHook.Request sent) {
        writeAcks();
        if (released()) {
            releaseWaiters.forEach(w -> w.complete(null));
            releaseWaiters.clear();
        }
    }

    HandoffStatus status() {
        long validUntil = hook.lastValidUntilHandedOut();
        SortedSet<Integer> confirmed = hook.confirmed();
        return new HandoffStatus(true, claim.fenced(), validUntil == Long.MIN_VALUE ? null
                : Instant.ofEpochMilli(validUntil), confirmed == null ? -1 : confirmed.size(),
                acks.releasesWritten(), acks.acceptsWritten());
    }

    /** Builds the hook of {@code claims}; the agent's HTTP client, retry pacing and error record. */
    static AssignmentHook hook(Claims claims, String nodeId, URI target, HttpClient http, NodeAgentTimings timings,
            Backoff backoff, String logContext, LastError errors) {
        return new AssignmentHook(nodeId, target, http, timings.hookTimeout(), timings.hookAttempts(), backoff,
                claims.loop, logContext, failure -> errors.record("assignment hook: " + failure), claims::request,
                claims::confirmed);
    }

    private boolean released() {
        SortedSet<Integer> confirmed = hook.confirmed();
        return confirmed == null ? hook.lastValidUntilHandedOut() < clock.millis() : confirmed.isEmpty();
    }

    private void writeAcks() {
        ClusterSnapshot latest = claim.latest();
        if (latest != null && !claim.fenced()) {
            acks.write(latest.moves(), latest.liveNodes().keySet(), hook.confirmed(), keeper.leaseId(), context.apply(keeper.leaseId()));
        }
    }

    private void tick() {
        EtcdLease lease = keeper.lease();
        if (lease == null) {
            return;
        }
        switch (watch.look(lease.lastAckedSendNanos(), nanoTime.getAsLong())) {
            case RENEWED -> hook.poke(true);
            case FENCE -> {
                claim.fence();
                LOG.warn("{} no keep-alive acknowledged for TTL - fence_margin ({} ms): fenced; telling the"
                        + " dtable-server to serve nothing and registering again once etcd answers",
                        context.apply(lease.id()), watch.deadline().ttl().minus(watch.deadline().margin()).toMillis());
                hook.poke(true);
                keeper.fence("fenced: no keep-alive acknowledged for TTL - fence_margin");
            }
            case NONE -> { }
        }
    }
}
