package org.dtablecluster.node;

import static java.util.Objects.requireNonNull;

import io.etcd.jetcd.Client;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.dtablecluster.concurrent.EventLoop;
import org.dtablecluster.config.NodeSettings;
import org.dtablecluster.etcd.EtcdLease;
import org.dtablecluster.etcd.Keyspace;
import org.dtablecluster.etcd.NodeRegistration;
import org.dtablecluster.view.ClusterSnapshot;
import org.dtablecluster.view.ClusterView;
import org.dtablecluster.view.NodeEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node role: keeps one dtable-server registered in etcd while it is healthy
 * ({@link RegistrationKeeper}, {@link EtcdLease}), revokes the registration after
 * {@code health_check_failures} failed probes ({@link HealthWatch}) and registers again when they
 * recover, and tells the dtable-server what it owns ({@link Claims}: the hook, fencing, handoff
 * answers, release before revoke). A restarted agent takes back the lease of the one that crashed
 * ({@link NodeStateFile}). At start-up another live process holding the node id fails
 * {@link #start()} with {@link NodeIdTakenException}; etcd unreachable does not. The package
 * description has the details.
 *
 * <p>Threads: one {@link EventLoop} of the agent's own does all the work, etcd calls included
 * (bounded by {@link NodeAgentTimings#etcdTimeout()}); callbacks only hand work to it. The jetcd
 * client and the view belong to the caller. Lifecycle: {@link #start()} once, {@link #close()}
 * any number of times.
 */
public final class NodeAgent implements AutoCloseable {

    /** Where the agent is in its life. */
    public enum State { LATENT, STARTED, CLOSED }

    private static final Logger LOG = LoggerFactory.getLogger(NodeAgent.class);

    private final NodeSettings settings;
    private final ClusterView view;
    private final Clock clock;
    private final String version;
    private final NodeAgentTimings timings;
    private final String key;
    private final long ttlSeconds;
    private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
    private final AtomicReference<NodeStatus> status = new AtomicReference<>();
    private final EventLoop loop;
    private final NodeHttp nodeHttp;
    private final LastError errors;
    private final RegistrationKeeper keeper;
    private final HealthWatch healthWatch;
    private final HealthTracker health;
    private final OwnedBuckets owned;
    private final Optional<Claims> claims;
    private final RegistrationEvents events;
    private final Registrar registrar;
    private final ReleaseFirst release;

    // owned by the loop thread
    private boolean left;
    private AutoCloseable subscription;

    NodeAgent(NodeAgentBuilder b) {
        this.settings = b.settings;
        this.view = b.view;
        this.clock = b.clock;
        this.version = b.version;
        this.timings = b.timings;
        this.key = b.keyspace.nodeKey(settings.nodeId());
        this.ttlSeconds = Math.max(1, (settings.leaseTtl().toMillis() + 999) / 1000);
        this.errors = new LastError(clock);
        this.health = new HealthTracker(settings.healthCheckFailures());
        this.owned = new OwnedBuckets(settings.nodeId());
        this.loop = new EventLoop("dtable-cluster-node-" + settings.nodeId(), context(0), this::publishStatus);
        this.registrar = new Registrar(b.client, settings.nodeId(), key, InstanceId.generate(b.random), ttlSeconds,
                timings.etcdTimeout(), loop, b.nanoTime, clock);
        this.claims = b.claims(loop, ttlSeconds, this::wanted, this::context);
        this.events = new RegistrationEvents(claims, settings.nodeStateDir().map(dir -> new NodeStateFile(dir,
                settings.nodeId())), registrar, errors, context(0));
        this.keeper = new RegistrationKeeper(registrar, loop,
                new Backoff(timings.initialBackoff(), timings.maxBackoff(), b.random), errors, this::wanted,
                settings.nodeId(), ttlSeconds, events);
        this.nodeHttp = new NodeHttp(settings.nodeId(), settings.healthCheckTimeout());
        HttpClient http = nodeHttp.client();
        HealthProbe probe = new HealthProbe(http, Urls.join(settings.localNodeUrl(), settings.healthCheckPath()),
                settings.healthCheckTimeout());
        claims.ifPresent(c -> c.bind(Claims.hook(c, settings.nodeId(),
                Urls.join(settings.localNodeUrl(), settings.assignmentHookPath().orElseThrow()), http, timings,
                new Backoff(timings.initialBackoff(), timings.maxBackoff(), b.random), context(0), errors), keeper));
        this.release = new ReleaseFirst(claims, keeper, loop, this::wanted, context(0));
        this.healthWatch = new HealthWatch(probe, health, loop, errors, () -> state.get() == State.STARTED,
                () -> release.reconcile(reasonIfUnwanted()), this::context, keeper);
        publishStatus();
    }

    /** Starts building an agent on a jetcd client and a started view of the same keyspace, both the caller's. */
    public static NodeAgentBuilder builder(NodeSettings settings, Client client, ClusterView view) {
        return new NodeAgentBuilder(settings, client, view);
    }

    /**
     * Registers the node, then follows health and assignment in the background. Only once; throws
     * {@link NodeIdTakenException} (and closes) when another live process holds the node id.
     */
    public void start() {
        if (!state.compareAndSet(State.LATENT, State.STARTED)) {
            throw new IllegalStateException("cannot start a node agent that is " + state.get());
        }
        try {
            loop.call(this::startOnLoop).get();
        } catch (ExecutionException e) {
            close();
            if (e.getCause() instanceof NodeIdTakenException taken) {
                throw taken;
            }
            throw new IllegalStateException(context(0) + " could not start: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException(context(0) + " interrupted while starting", e);
        }
    }

    /**
     * Tells the server to serve nothing, waits until it confirmed (or its last deadline passed),
     * then revokes the lease and stops all work. Safe to call more than once, and before start.
     */
    @Override
    public void close() {
        State previous = state.getAndSet(State.CLOSED);
        if (previous == State.CLOSED) {
            return;
        }
        Duration patience = patience();
        if (previous == State.STARTED) {
            try {
                // release first: the server serves nothing, or its deadline passed, before the key goes
                release.await(loop.callAndWait("close", () -> {
                    healthWatch.stop();
                    return release.releaseAll();
                }, patience), releaseBound(), "close");
                loop.runAndWait("close", this::closeOnLoop, patience);
            } catch (IllegalStateException e) {
                LOG.warn("{} shutdown did not finish cleanly: {}", context(0), e.getMessage());
            }
        }
        loop.shutdown(patience);
        nodeHttp.close();
        publishStatus();
        if (previous == State.STARTED) {
            LOG.info("{} closed", context(0));
        }
    }

    /**
     * Stops claiming: releases through the hook, then revokes the lease so the node's buckets move
     * now, and stays out until {@link #rejoin()}, whatever the probe says. Returns once revoked.
     */
    public void leave() {
        release.await(onLoopAndWait("leave", () -> {
            if (!left) {
                left = true;
                LOG.info("{} leaving the cluster on request; rejoin() registers again", context(keeper.leaseId()));
            }
            return release.reconcile("left on request");
        }), releaseBound(), "leave");
    }

    /**
     * Claims again after {@link #leave()}: registers with a new lease before returning, unless the
     * probe says the dtable-server is down or etcd fails (then it registers later, by itself).
     */
    public void rejoin() {
        onLoopAndWait("rejoin", () -> {
            if (left) {
                left = false;
                LOG.info("{} rejoining the cluster on request", context(0));
            }
            return release.reconcile(reasonIfUnwanted());
        });
    }

    /** What the agent is doing now; cheap, never blocks. */
    public NodeStatus status() {
        return status.get();
    }

    public State state() {
        return state.get();
    }

    public String nodeId() {
        return settings.nodeId();
    }

    /** When (nanoTime) the newest keep-alive etcd acknowledged was sent; fencing counts from here. */
    public OptionalLong lastAckedKeepAliveSentNanos() {
        EtcdLease lease = keeper.lease();
        return lease == null ? OptionalLong.empty() : OptionalLong.of(lease.lastAckedSendNanos());
    }

    /** This process's {@code instance} field, {@code host/pid/random}. */
    public String instance() {
        return registrar.instance();
    }

    /** The log context of every line about a node: {@code [node=dtable-server-01 lease=694d…]}. */
    static String context(String nodeId, long lease) {
        return "[node=" + nodeId + (lease == 0 ? "" : " lease=" + Long.toHexString(lease)) + "]";
    }

    // ---- the loop thread from here on

    private Void startOnLoop() {
        NodeRegistration registration = NodeRegistration.of(settings, version, clock.instant());
        NodeRegistration withHandoff = claims.isPresent() ? registration.with(NodeEntry.HANDOFF_ATTRIBUTE, "true")
                : registration;
        LOG.info("{} starting: registering key '{}' on a {} s lease; probing {}{}", context(0), key, ttlSeconds,
                healthWatch.target(), claims.isPresent() ? "; releasing through the hook (handoff)" : "; no hook");
        try {
            keeper.start(instance -> withHandoff.with(InstanceId.FIELD, instance).toJson(), events.saved());
        } catch (NodeIdTakenException e) {
            LOG.error("{} {}", context(0), e.getMessage());
            throw e;
        }
        subscription = view.subscribe(snapshot -> loop.execute(() -> onSnapshot(snapshot)));
        healthWatch.start(settings.healthCheckInterval());
        claims.ifPresent(Claims::start);
        return null;
    }

    private void onSnapshot(ClusterSnapshot snapshot) {
        if (state.get() != State.STARTED) {
            return;
        }
        BucketChange change = owned.update(snapshot);
        if (change != null) {
            LOG.info("{} buckets at rev={}: {}", context(keeper.leaseId()), change.revision(), change.describe());
        }
        claims.ifPresent(c -> c.snapshot(snapshot));
        keeper.check(snapshot);
    }

    private void closeOnLoop() {
        if (subscription != null) {
            try {
                subscription.close();
            } catch (Exception e) {
                LOG.debug("{} unsubscribing from the view failed", context(0), e);
            }
        }
        claims.ifPresent(Claims::close);
        keeper.close();
        events.closed();
    }

    private boolean wanted() {
        return !left && health.allowsRegistration() && state.get() == State.STARTED;
    }

    /** The longest a release can take: until the last valid_until_ms handed out, at most a TTL. */
    private Duration releaseBound() {
        return Duration.ofSeconds(ttlSeconds).plus(patience());
    }

    private Duration patience() {
        return timings.etcdTimeout().multipliedBy(3).plusSeconds(1);
    }

    private String reasonIfUnwanted() {
        return left ? "left on request" : "the dtable-server is unhealthy";
    }

    private void publishStatus() {
        status.set(new NodeStatus(settings.nodeId(), registrar.instance(), state.get(), keeper.leaseId() != 0,
                keeper.leaseId(), keeper.grants(), !left, keeper.lastKeepAliveAt(), health.state(),
                health.consecutiveFailures(), owned.owned(), owned.revision(), errors.message(), errors.at(),
                claims.map(Claims::status).orElse(HandoffStatus.OFF)));
    }

    private String context(long lease) {
        return context(settings.nodeId(), lease);
    }

    private <T> T onLoopAndWait(String operation, java.util.concurrent.Callable<T> task) {
        if (state.get() != State.STARTED) {
            throw new IllegalStateException("cannot " + operation + ": the node agent is " + state.get());
        }
        return loop.callAndWait(operation, task, patience());
    }
}
