package org.dtablecluster.node;

import static java.util.Objects.requireNonNull;

import io.etcd.jetcd.Client;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.Random;
import java.util.function.LongSupplier;
import org.dtablecluster.concurrent.EventLoop;
import org.dtablecluster.config.HandoffSettings;
import org.dtablecluster.config.NodeSettings;
import org.dtablecluster.etcd.Keyspace;
import org.dtablecluster.view.ClusterView;

/** Configures a {@link NodeAgent}. */
public final class NodeAgentBuilder {
    // read by NodeAgent's constructor
    final NodeSettings settings;
    final Client client;
    final ClusterView view;
    Keyspace keyspace = Keyspace.root();
    Clock clock = Clock.systemUTC();
    LongSupplier nanoTime = System::nanoTime;
    Random random;
    String version = "unknown";
    NodeAgentTimings timings = NodeAgentTimings.defaults();
    HandoffSettings handoff;

    NodeAgentBuilder(NodeSettings settings, Client client, ClusterView view) {
        this.settings = requireNonNull(settings, "settings is null");
        this.client = requireNonNull(client, "client is null");
        this.view = requireNonNull(view, "view is null");
    }

    /** The key prefix; SeaTable's root layout by default. Must match the view's. */
    public NodeAgentBuilder keyspace(Keyspace keyspace) {
        this.keyspace = requireNonNull(keyspace, "keyspace is null");
        return this;
    }

    /** For the times in the status and the registration's {@code started_at}. */
    public NodeAgentBuilder clock(Clock clock) {
        this.clock = requireNonNull(clock, "clock is null");
        return this;
    }

    /** The monotonic clock leases count from; {@code System::nanoTime} by default. */
    public NodeAgentBuilder nanoTime(LongSupplier nanoTime) {
        this.nanoTime = requireNonNull(nanoTime, "nanoTime is null");
        return this;
    }

    /** For backoff jitter and the instance id; a {@link SecureRandom} by default. */
    public NodeAgentBuilder random(Random random) {
        this.random = requireNonNull(random, "random is null");
        return this;
    }

    /** The software version written to the registration. */
    public NodeAgentBuilder version(String version) {
        this.version = requireNonNull(version, "version is null");
        return this;
    }

    public NodeAgentBuilder timings(NodeAgentTimings timings) {
        this.timings = requireNonNull(timings, "timings is null");
        return this;
    }

    /**
     * The fence margin and the hook resync ({@code ClusterConfig.handoff()}); by default those of
     * {@link HandoffSettings#defaults(java.time.Duration)} for the node's lease TTL.
     */
    public NodeAgentBuilder handoff(HandoffSettings handoff) {
        this.handoff = requireNonNull(handoff, "handoff is null");
        return this;
    }

    /** The claims of an agent with a hook: fencing on its lease TTL, the resync, the handoff answers. */
    Optional<Claims> claims(EventLoop loop, long ttlSeconds, BooleanSupplier wanted, Function<Long, String> context) {
        HandoffSettings h = handoff != null ? handoff : HandoffSettings.defaults(settings.leaseTtl());
        Duration ttl = Duration.ofSeconds(ttlSeconds);
        FencingDeadline deadline = new FencingDeadline(ttl, h.fenceMargin().compareTo(ttl) < 0
                ? h.fenceMargin() : ttl.dividedBy(4));
        return settings.assignmentHookPath().map(path -> new Claims(settings.nodeId(), deadline, h.hookResync(),
                new HandoffAcks(client.getKVClient(), keyspace, settings.nodeId(), timings.etcdTimeout(), loop), loop,
                nanoTime, clock, wanted, context));
    }

    public NodeAgent build() {
        if (random == null) {
            random = new SecureRandom();
        }
        return new NodeAgent(this);
    }
}
