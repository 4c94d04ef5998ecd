package org.dtablecluster;

import static java.util.Objects.requireNonNull;

import io.etcd.jetcd.Client;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.dtablecluster.admin.AdminUrl;
import org.dtablecluster.config.ClusterConfig;
import org.dtablecluster.config.Role;
import org.dtablecluster.etcd.EtcdClients;
import org.dtablecluster.etcd.EtcdClusterView;
import org.dtablecluster.etcd.Keyspace;
import org.dtablecluster.metrics.ClusterMetrics;
import org.dtablecluster.metrics.HandoffDurations;
import org.dtablecluster.monitor.Monitor;
import org.dtablecluster.node.NodeAgent;
import org.dtablecluster.plugins.PluginLoader;
import org.dtablecluster.proxy.ProxyMetrics;
import org.dtablecluster.view.ClusterView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything one dtable-cluster process runs for its configuration: the etcd client, the cluster
 * view and the roles on top of it. Starts in dependency order; closes in reverse, once.
 */
public final class ClusterRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterRuntime.class);

    private final ClusterConfig config;
    private final Keyspace keyspace;
    private final Client client;
    private final EtcdClusterView view;
    private final ProxyMetrics proxyMetrics = new ProxyMetrics();
    private final ClusterMetrics metrics = new ClusterMetrics();
    private Monitor monitor;
    private NodeAgent nodeAgent;
    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private ClusterRuntime(ClusterConfig config) {
        this.config = requireNonNull(config, "config is null");
        this.keyspace = Keyspace.of(config.etcd());
        this.client = EtcdClients.create(config.etcd());
        closeables.push(client);
        this.view = new EtcdClusterView(client, keyspace);
        closeables.push(view);
    }

    /**
     * Starts the roles of {@code config}. On failure, whatever was started is closed again and
     * the exception propagates, so the web application does not start half-way.
     */
    public static ClusterRuntime start(ClusterConfig config) {
        ClusterRuntime runtime = new ClusterRuntime(config);
        try {
            runtime.view.start();
            if (config.has(Role.MONITOR)) {
                runtime.startMonitor();
            }
            if (config.has(Role.NODE)) {
                runtime.startNodeAgent();
            }
            LOG.info("[roles={} etcd={}] dtable-cluster started from {}",
                    config.roles(), config.etcd().endpoints(), config.source());
            return runtime;
        } catch (RuntimeException | Error e) {
            runtime.close();
            throw e;
        }
    }

    private void startMonitor() {
        // The WAR's strategies plus the plugin folder's; closed after the monitor that runs them.
        PluginLoader plugins = PluginLoader.fromSystemProperties(ClusterRuntime.class.getClassLoader());
        closeables.push(plugins);
        monitor = Monitor.builder()
                .client(client)
                .keyspace(keyspace)
                .view(view)
                .settings(config.monitor())
                .handoff(config.handoff())
                .handoffTimings(HandoffDurations.register(metrics))
                .strategies(plugins.registry())
                .adminUrl(AdminUrl.of(config.admin().advertiseUrl()))
                .build();
        closeables.push(monitor);
        monitor.start();
    }

    private void startNodeAgent() {
        nodeAgent = NodeAgent.builder(config.node().orElseThrow(), client, view)
                .keyspace(keyspace)
                .handoff(config.handoff())
                .version(version())
                .build();
        closeables.push(nodeAgent);
        nodeAgent.start();
    }

    /** The node agent, when this process runs that role. */
    public Optional<NodeAgent> nodeAgent() {
        return Optional.ofNullable(nodeAgent);
    }

    /** The version of this build, as nodes register it. */
    public static String version() {
        try (InputStream in = ClusterRuntime.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The monitor, when this process runs that role. */
    public Optional<Monitor> monitor() {
        return Optional.ofNullable(monitor);
    }

    public ClusterConfig config() {
        return config;
    }

    public Keyspace keyspace() {
        return keyspace;
    }

    public ClusterView view() {
        return view;
    }

    public ProxyMetrics proxyMetrics() {
        return proxyMetrics;
    }

    /** This process's Prometheus metrics ({@code GET /metrics}); roles add theirs in one line each. */
    public ClusterMetrics metrics() {
        return metrics;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        while (!closeables.isEmpty()) {
            AutoCloseable c = closeables.pop();
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("closing {} failed", c.getClass().getSimpleName(), e);
            }
        }
    }
}
