package org.dtablecluster.node;

import static java.util.Objects.requireNonNull;

import io.etcd.jetcd.Client;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.dtablecluster.concurrent.EventLoop;
import org.dtablecluster.config.NodeSettings;
import org.dtablecluster.etcd.EtcdLease;
import org.dtablecluster.etcd.Failures;
import org.dtablecluster.etcd.Keyspace;
import org.dtablecluster.etcd.NodeRegistration;
import org.dtablecluster.view.ClusterSnapshot;
import org.dtablecluster.view.ClusterView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node role: keeps one dtable-server registered in etcd while it is healthy, and tells it
 * which buckets it gained and lost.
 *
 * <ul>
 *   <li>Registers {@code <prefix><node_id>} with the registration JSON (plus an {@code instance}
 *       field, {@code host/pid/random}) on a lease of {@code lease_ttl_seconds}, created only if
 *       absent, and keeps the lease alive through {@link EtcdLease}.
 *   <li>When the lease is lost (no keep-alive acknowledged for a TTL, or etcd no longer knows
 *       the lease) it grants a new lease and registers again, with backoff; a key still
 *       holding our own instance is replaced, another process's never.
 *   <li>Probes {@code local_node_url + health_check_path}; after {@code health_check_failures}
 *       failures in a row it revokes the lease so the monitor moves the buckets at once, and
 *       registers again when the probe recovers.
 *   <li>Follows the {@link ClusterView} for the buckets this node owns; logs each change and, if
 *       {@code assignment_hook_path} is set, POSTs it to the dtable-server.
 *   <li>{@link #close()} revokes the lease, so a graceful stop frees the buckets at once.
 * </ul>
 *
 * <p>Decisions at start-up:
 * <ul>
 *   <li>Another live process holding the node id fails {@link #start()} with
 *       {@link NodeIdTakenException}: a second dtable-server under the same id must not run
 *       unnoticed. If the conflict is only found later (etcd was down at start, or our key
 *       vanished and someone else registered it), the deployment can no longer be failed: the
 *       agent logs an error, keeps its hands off the key and tries again with backoff.
 *   <li>etcd unreachable does not fail {@link #start()}: etcd and the dtable-servers are often
 *       started together, and a failed deployment would need a manual redeploy once etcd is up.
 *       The agent logs a warning and registers in the background as soon as etcd answers; until
 *       then it owns nothing, so nothing is routed to it.
 *   <li>It registers at once, before the first health probe answers (the takeover check needs
 *       the write anyway); an unhealthy dtable-server is deregistered after the configured
 *       failures.
 * </ul>
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
    private final ExecutorService httpExecutor;
    private final LastError errors;
    private final RegistrationKeeper keeper;
    private final HealthProbe probe;
    private final HealthTracker health;
    private final OwnedBuckets owned;
    private final AssignmentHook hook;

    // owned by the loop thread
    private ScheduledFuture<?> probeTask;
    private boolean probeInFlight;
    private boolean left;
    private AutoCloseable subscription;

    private NodeAgent(Builder b) {
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
        this.httpExecutor = Executors.newCachedThreadPool(daemon("dtable-cluster-node-http-" + settings.nodeId()));
        HttpClient http = HttpClient.newBuilder()
                .executor(httpExecutor)
                .connectTimeout(settings.healthCheckTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.probe = new HealthProbe(http, Urls.join(settings.localNodeUrl(), settings.healthCheckPath()),
                settings.healthCheckTimeout());
        this.hook = settings.assignmentHookPath()
                .map(path -> new AssignmentHook(settings.nodeId(), Urls.join(settings.localNodeUrl(), path), http,
                        timings.hookTimeout(), timings.hookAttempts(),
                        new Backoff(timings.initialBackoff(), timings.maxBackoff(), b.random), loop, context(0),
                        failure -> errors.record("assignment hook: " + failure)))
                .orElse(null);
        publishStatus();
    }

    /**
     * Starts building an agent.
     *
     * @param client a jetcd client the caller owns (see {@code EtcdClients}) and closes after the agent
     * @param view the cluster view of the same keyspace, started by the caller
     */
    public static Builder builder(NodeSettings settings, Client client, ClusterView view) {
        return new Builder(settings, client, view);
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
        httpExecutor.shutdownNow();
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
    public java.util.OptionalLong lastAckedKeepAliveSentNanos() {
        return loop.callAndWait("read the lease", () -> {
            EtcdLease lease = keeper.lease();
            return lease == null ? java.util.OptionalLong.empty()
                    : java.util.OptionalLong.of(lease.lastAckedSendNanos());
        }, timings.etcdTimeout());
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
        Map<String, String> extra = new LinkedHashMap<>(
                NodeRegistration.of(settings, version, clock.instant()).extra());
        extra.put(InstanceId.FIELD, instance);
        String json = new NodeRegistration(settings.nodeId(), settings.nodeUrl(), settings.localNodeUrl(), extra)
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
        probeTask = loop.scheduleWithFixedDelay(this::probe, Duration.ZERO, settings.healthCheckInterval());
        return null;
    }

    private void probe() {
        if (probeInFlight || state.get() != State.STARTED) {
            return;
        }
        probeInFlight = true;
        probe.check().whenComplete((result, error) -> loop.execute(() -> onProbeResult(
                result != null ? result : new HealthProbe.Result(false, Failures.describe(error)))));
    }

    private void onProbeResult(HealthProbe.Result result) {
        probeInFlight = false;
        if (state.get() != State.STARTED) {
            return;
        }
        switch (health.record(result.healthy())) {
            case WENT_DOWN -> {
                errors.record("health check " + probe.target() + " failed " + health.consecutiveFailures()
                        + " times in a row: " + result.detail());
                LOG.warn("{} health check {} failed {} times in a row (last: {}); revoking the lease so the"
                        + " buckets move now", context(keeper.leaseId()), probe.target(), health.consecutiveFailures(),
                        result.detail());
                keeper.reconcile(reasonIfUnwanted());
            }
            case RECOVERED -> {
                LOG.info("{} health check {} answers again ({}); registering again", context(0), probe.target(),
                        result.detail());
                keeper.reconcile(reasonIfUnwanted());
            }
            case NONE -> {
                if (health.state() == HealthState.FAILING) {
                    LOG.info("{} health check {} failed ({}/{}): {}", context(keeper.leaseId()), probe.target(),
                            health.consecutiveFailures(), health.threshold(), result.detail());
                }
            }
        }
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
            if (hook != null) {
                hook.submit(change);
            }
        }
        keeper.check(snapshot);
    }

    private void closeOnLoop() {
        if (probeTask != null) {
            probeTask.cancel(false);
        }
        if (subscription != null) {
            try {
                subscription.close();
            } catch (Exception e) {
                LOG.debug("{} unsubscribing from the view failed", context(0), e);
            }
        }
        if (hook != null) {
            hook.close();
        }
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

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread t = new Thread(runnable, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Configures a {@link NodeAgent}. */
    public static final class Builder {
        private final NodeSettings settings;
        private final Client client;
        private final ClusterView view;
        private Keyspace keyspace = Keyspace.root();
        private Clock clock = Clock.systemUTC();
        private LongSupplier nanoTime = System::nanoTime;
        private Random random;
        private String version = "unknown";
        private NodeAgentTimings timings = NodeAgentTimings.defaults();

        private Builder(NodeSettings settings, Client client, ClusterView view) {
            this.settings = requireNonNull(settings, "settings is null");
            this.client = requireNonNull(client, "client is null");
            this.view = requireNonNull(view, "view is null");
        }

        /** The key prefix; SeaTable's root layout by default. Must match the view's. */
        public Builder keyspace(Keyspace keyspace) {
            this.keyspace = requireNonNull(keyspace, "keyspace is null");
            return this;
        }

        /** For the times in the status and the registration's {@code started_at}. */
        public Builder clock(Clock clock) {
            this.clock = requireNonNull(clock, "clock is null");
            return this;
        }

        /** The monotonic clock leases count from; {@code System::nanoTime} by default. */
        public Builder nanoTime(LongSupplier nanoTime) {
            this.nanoTime = requireNonNull(nanoTime, "nanoTime is null");
            return this;
        }

        /** For backoff jitter and the instance id; a {@link SecureRandom} by default. */
        public Builder random(Random random) {
            this.random = requireNonNull(random, "random is null");
            return this;
        }

        /** The software version written to the registration. */
        public Builder version(String version) {
            this.version = requireNonNull(version, "version is null");
            return this;
        }

        public Builder timings(NodeAgentTimings timings) {
            this.timings = requireNonNull(timings, "timings is null");
            return this;
        }

        public NodeAgent build() {
            if (random == null) {
                random = new SecureRandom();
            }
            return new NodeAgent(this);
        }
    }
}
