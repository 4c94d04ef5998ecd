package org.dtablecluster.monitor;

import static java.util.Objects.requireNonNull;

import io.etcd.jetcd.Client;
import java.time.Clock;
import java.time.Duration;
import org.dtablecluster.config.HandoffSettings;
import org.dtablecluster.config.MonitorSettings;
import org.dtablecluster.etcd.Keyspace;
import org.dtablecluster.plugins.StrategyRegistry;
import org.dtablecluster.spi.AssignmentStrategy;
import org.dtablecluster.view.ClusterView;

/**
 * Configures a {@link Monitor}. Required: {@link #client}, {@link #keyspace}, {@link #view},
 * {@link #settings}; their ranges are checked where they are defined ({@link MonitorSettings}).
 */
public final class MonitorBuilder {
    // read by Monitor's constructor
    Client client;
    Keyspace keyspace;
    ClusterView view;
    MonitorSettings settings;
    AssignmentStrategy strategy;
    StrategyRegistry strategies;
    String instanceId;
    Clock clock = Clock.systemUTC();
    int maxOpsPerTransaction = AssignmentWriter.DEFAULT_MAX_OPS;
    Duration writeTimeout = Duration.ofSeconds(5);
    boolean watchElectionKey = true;
    HandoffSettings handoff = HandoffSettings.defaults();
    String adminUrl;
    HandoffTimings handoffTimings = HandoffTimings.NONE;

    MonitorBuilder() {
    }

    /** For tests only: without the watch, only the write guard can tell a leader it was deposed. */
    MonitorBuilder watchElectionKey(boolean watch) {
        this.watchElectionKey = watch;
        return this;
    }

    /** {@code max_concurrent_handoffs} and {@code handoff_timeout_seconds}; the defaults otherwise. */
    public MonitorBuilder handoff(HandoffSettings handoff) {
        this.handoff = requireNonNull(handoff, "handoff is null");
        return this;
    }

    /** Where the leader reports how long each handoff took; nowhere by default. */
    public MonitorBuilder handoffTimings(HandoffTimings timings) {
        this.handoffTimings = requireNonNull(timings, "timings is null");
        return this;
    }

    /**
     * Where this instance's admin port is reachable ({@code http://host:5555/}); published in the
     * election so that the others can forward admin writes to it while it leads. None by default.
     */
    public MonitorBuilder adminUrl(String adminUrl) {
        this.adminUrl = requireNonNull(adminUrl, "adminUrl is null");
        return this;
    }

    /** The jetcd client; the caller keeps owning it. */
    public MonitorBuilder client(Client client) {
        this.client = requireNonNull(client, "client is null");
        return this;
    }

    public MonitorBuilder keyspace(Keyspace keyspace) {
        this.keyspace = requireNonNull(keyspace, "keyspace is null");
        return this;
    }

    public MonitorBuilder view(ClusterView view) {
        this.view = requireNonNull(view, "view is null");
        return this;
    }

    public MonitorBuilder settings(MonitorSettings settings) {
        this.settings = requireNonNull(settings, "settings is null");
        return this;
    }

    /**
     * Where to find {@code settings.strategy()}; by default the strategies this class's
     * loader can see.
     */
    public MonitorBuilder strategies(StrategyRegistry strategies) {
        this.strategies = requireNonNull(strategies, "strategies is null");
        return this;
    }

    /** Runs this strategy, whatever {@code settings.strategy()} names; for tests and embedding. */
    public MonitorBuilder strategy(AssignmentStrategy strategy) {
        this.strategy = requireNonNull(strategy, "strategy is null");
        return this;
    }

    /** This instance's id in the election; {@link Monitor#defaultInstanceId()} by default. */
    public MonitorBuilder instanceId(String instanceId) {
        requireNonNull(instanceId, "instanceId is null");
        if (instanceId.isBlank()) {
            throw new IllegalArgumentException("instanceId must not be blank");
        }
        this.instanceId = instanceId;
        return this;
    }

    public MonitorBuilder clock(Clock clock) {
        this.clock = requireNonNull(clock, "clock is null");
        return this;
    }

    /** Puts per transaction, in [1, 128]; 100 by default. */
    public MonitorBuilder maxOpsPerTransaction(int maxOps) {
        if (maxOps < 1 || maxOps > 128) {
            throw new IllegalArgumentException("maxOpsPerTransaction must be in [1, 128], was " + maxOps);
        }
        this.maxOpsPerTransaction = maxOps;
        return this;
    }

    /** How long one transaction may take, in [100 ms, 1 min]; 5 s by default. */
    public MonitorBuilder writeTimeout(Duration timeout) {
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

    /** {@code host:pid}: unique per process, and says where to look. */
    static String defaultInstanceId() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "localhost";
        }
        return host + ":" + ProcessHandle.current().pid();
    }
}
