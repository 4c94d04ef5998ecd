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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node role: keeps one dtable-server registered in etcd while it is healthy (through
 * {@link RegistrationKeeper} and the {@link EtcdLease} it holds), revokes the registration after
 * {@code health_check_failures} failed probes ({@link HealthWatch}) and registers again when
 * they recover, and tells the dtable-server which buckets it gained and lost
 * ({@link AssignmentHook}). {@link #close()} revokes the lease, so a graceful stop frees the
 * buckets at once. The package description has the details.
 *
 * <p>At start-up another live process holding the node id fails {@link #start()} with
 * {@link NodeIdTakenException}; etcd unreachable does not (the agent registers in the background
 * as soon as etcd answers). The package description says why.
 *
 * <p>Threads: one {@link EventLoop} thread of the agent's own does all the work, including the
 * etcd calls, which block with {@link NodeAgentTimings#etcdTimeout()}; jetcd, HTTP and view
 * callbacks only hand work to it, so no state here needs a lock and no callback thread ever
 * blocks. HTTP runs on a small daemon pool of the agent's own. {@link RegistrationKeeper} holds the
 * registration's state machine. The jetcd client and the view belong to the caller,
 * which closes them after the agent; the view must follow the same {@link Keyspace}.
 *
 * <p>Lifecycle: {@link #start()} once; {@link #close()} any number of times.
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
    private final String instance;
    private final String key;
    private final long ttlSeconds;
    private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
    private final AtomicReference<NodeStatus> status = new AtomicReference<>();
    private final EventLoop loop;
    private final NodeHttp nodeHttp;
    private final LastError errors;
    private final RegistrationKeeper keeper;
    private final HealthProbe probe;
    private final HealthWatch healthWatch;
    private final HealthTracker health;
    private final OwnedBuckets owned;
    private final Optional<AssignmentHook> hook;

    // owned by the loop thread
    private boolean left;
    private AutoCloseable subscription;

    NodeAgent(NodeAgentBuilder b) {
        this.settings = b.settings;
        this.view = b.view;
        this.clock = b.clock;
        this.version = b.version;
        this.timings = b.timings;
        this.instance = InstanceId.generate(b.random);
        this.key = b.keyspace.nodeKey(settings.nodeId());
        this.ttlSeconds = Math.max(1, (settings.leaseTtl().toMillis() + 999) / 1000);
        this.errors = new LastError(clock);
        this.health = new HealthTracker(settings.healthCheckFailures());
        this.owned = new OwnedBuckets(settings.nodeId());
        this.loop = new EventLoop("dtable-cluster-node-" + settings.nodeId(), context(0), this::publishStatus);
        Registrar registrar = new Registrar(b.client, settings.nodeId(), key, instance, ttlSeconds,
                timings.etcdTimeout(), loop, b.nanoTime, clock);
        this.keeper = new RegistrationKeeper(registrar, loop,
                new Backoff(timings.initialBackoff(), timings.maxBackoff(), b.random), errors,
                () -> !left && health.allowsRegistration(), settings.nodeId(), instance, ttlSeconds);
        this.nodeHttp = new NodeHttp(settings.nodeId(), settings.healthCheckTimeout());
        HttpClient http = nodeHttp.client();
        this.probe = new HealthProbe(http, Urls.join(settings.localNodeUrl(), settings.healthCheckPath()),
                settings.healthCheckTimeout());
        this.hook = settings.assignmentHookPath()
                .map(path -> new AssignmentHook(settings.nodeId(), Urls.join(settings.localNodeUrl(), path), http,
                        timings.hookTimeout(), timings.hookAttempts(),
                        new Backoff(timings.initialBackoff(), timings.maxBackoff(), b.random), loop, context(0),
                        failure -> errors.record("assignment hook: " + failure)));
        this.healthWatch = new HealthWatch(probe, health, loop, errors, () -> state.get() == State.STARTED,
                () -> keeper.reconcile(reasonIfUnwanted()), this::context, keeper);
        publishStatus();
    }

    /**
     * Starts building an agent.
     *
     * @param client a jetcd client the caller owns (see {@code EtcdClients}) and closes after the agent
     * @param view the cluster view of the same keyspace, started by the caller
     */
    public static NodeAgentBuilder builder(NodeSettings settings, Client client, ClusterView view) {
        return new NodeAgentBuilder(settings, client, view);
    }

    /**
     * Registers the node, then follows health and assignment in the background. Only once.
     *
     * @throws NodeIdTakenException when another live process holds the node id; the agent is
     *     closed then
     * @throws IllegalStateException when already started or closed
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
     * Revokes the lease (the registration disappears at once, so the buckets move without waiting
     * for the TTL) and stops all work. Safe to call more than once, and before {@link #start()}.
     */
    @Override
    public void close() {
        State previous = state.getAndSet(State.CLOSED);
        if (previous == State.CLOSED) {
            return;
        }
        Duration patience = timings.etcdTimeout().multipliedBy(3).plusSeconds(1);
        if (previous == State.STARTED) {
            try {
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
     * Stops claiming: revokes the lease so the node's buckets move now, and stays out of the
     * cluster (whatever the health probe says) until {@link #rejoin()}. Returns once revoked.
     *
     * @throws IllegalStateException when not started, or etcd did not answer in time
     */
    public void leave() {
        onLoopAndWait("leave", () -> {
            if (!left) {
                left = true;
                LOG.info("{} leaving the cluster on request; rejoin() registers again", context(keeper.leaseId()));
            }
            keeper.reconcile("left on request");
        });
    }

    /**
     * Claims again after {@link #leave()}: registers with a new lease before returning, unless
     * the health probe says the dtable-server is down (then it registers when the probe
     * recovers) or etcd fails (then it retries in the background).
     *
     * @throws IllegalStateException when not started, or etcd did not answer in time
     */
    public void rejoin() {
        onLoopAndWait("rejoin", () -> {
            if (left) {
                left = false;
                LOG.info("{} rejoining the cluster on request", context(0));
            }
            keeper.reconcile(reasonIfUnwanted());
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

    /**
     * The monotonic instant ({@code System.nanoTime} unless the builder was given another) at which
     * the newest keep-alive etcd acknowledged for the current registration was sent; empty while
     * not registered. Fencing counts from here: etcd cannot expire the lease before it plus the TTL.
     */
    public OptionalLong lastAckedKeepAliveSentNanos() {
        EtcdLease lease = keeper.lease();
        return lease == null ? OptionalLong.empty() : OptionalLong.of(lease.lastAckedSendNanos());
    }

    /** This process's {@code instance} field, {@code host/pid/random}. */
    public String instance() {
        return instance;
    }

    /** The log context of every line about a node: {@code [node=dtable-server-01 lease=694d…]}. */
    static String context(String nodeId, long lease) {
        return "[node=" + nodeId + (lease == 0 ? "" : " lease=" + Long.toHexString(lease)) + "]";
    }

    // ---- the loop thread from here on

    private Void startOnLoop() {
        String json = NodeRegistration.of(settings, version, clock.instant()).with(InstanceId.FIELD, instance)
                .toJson();
        LOG.info("{} starting: registering key '{}' on a {} s lease as instance {}; probing {}", context(0), key,
                ttlSeconds, instance, probe.target());
        try {
            keeper.start(json);
        } catch (NodeIdTakenException e) {
            LOG.error("{} {}", context(0), e.getMessage());
            throw e;
        }
        subscription = view.subscribe(snapshot -> loop.execute(() -> onSnapshot(snapshot)));
        healthWatch.start(settings.healthCheckInterval());
        return null;
    }

    private void onSnapshot(ClusterSnapshot snapshot) {
        if (state.get() != State.STARTED) {
            return;
        }
        BucketChange change = owned.update(snapshot);
        if (change != null) {
            LOG.info("{} buckets at rev={}: gained {}, lost {}; owns {}: {}", context(keeper.leaseId()),
                    change.revision(), BucketRanges.format(change.gained()), BucketRanges.format(change.lost()),
                    change.owned().size(), BucketRanges.format(change.owned()));
            hook.ifPresent(h -> h.submit(change));
        }
        keeper.check(snapshot);
    }

    private void closeOnLoop() {
        healthWatch.stop();
        if (subscription != null) {
            try {
                subscription.close();
            } catch (Exception e) {
                LOG.debug("{} unsubscribing from the view failed", context(0), e);
            }
        }
        hook.ifPresent(AssignmentHook::close);
        keeper.close();
    }

    private String reasonIfUnwanted() {
        return left ? "left on request" : "the dtable-server is unhealthy";
    }

    private void publishStatus() {
        status.set(new NodeStatus(settings.nodeId(), instance, state.get(), keeper.leaseId() != 0, keeper.leaseId(),
                keeper.grants(), !left, keeper.lastKeepAliveAt(), health.state(), health.consecutiveFailures(),
                owned.owned(), owned.revision(), errors.message(), errors.at()));
    }

    private String context(long lease) {
        return context(settings.nodeId(), lease);
    }

    private void onLoopAndWait(String operation, Runnable task) {
        if (state.get() != State.STARTED) {
            throw new IllegalStateException("cannot " + operation + ": the node agent is " + state.get());
        }
        loop.runAndWait(operation, task, timings.etcdTimeout().multipliedBy(3).plusSeconds(1));
    }
}
