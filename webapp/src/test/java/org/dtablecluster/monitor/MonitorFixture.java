package org.dtablecluster.monitor;

import io.etcd.jetcd.Client;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.dtablecluster.config.MonitorSettings;
import org.dtablecluster.etcd.EtcdClients;
import org.dtablecluster.etcd.EtcdClusterView;
import org.dtablecluster.etcd.Keyspace;
import org.dtablecluster.strategy.sticky.StickyBalancedStrategy;
import org.dtablecluster.testing.EtcdCluster;

/**
 * One monitor as a proxy process runs it: its own jetcd client, its own view, its own monitor.
 * Closing it closes all three, monitor first, so its election lease is revoked.
 */
final class MonitorFixture implements AutoCloseable {

    /** Short times for tests: 5 s election TTL, 1 s interval. */
    static MonitorSettings settings(Duration grace) {
        return new MonitorSettings(Duration.ofSeconds(1), Duration.ofSeconds(5), grace, StickyBalancedStrategy.NAME,
                Map.of());
    }

    final Client client;
    final EtcdClusterView view;
    final Monitor monitor;

    private MonitorFixture(Client client, EtcdClusterView view, Monitor monitor) {
        this.client = client;
        this.view = view;
        this.monitor = monitor;
    }

    static MonitorFixture start(EtcdCluster etcd, String instanceId, MonitorSettings settings,
            Consumer<MonitorBuilder> customizer) {
        Client client = EtcdClients.create(etcd.settings(""));
        EtcdClusterView view = new EtcdClusterView(client, Keyspace.root(), Duration.ofMillis(50),
                Duration.ofMillis(500), Duration.ofSeconds(2));
        view.start();
        MonitorBuilder b = Monitor.builder().client(client).keyspace(Keyspace.root()).view(view)
                .settings(settings).instanceId(instanceId);
        customizer.accept(b);
        Monitor monitor = b.build();
        monitor.start();
        return new MonitorFixture(client, view, monitor);
    }

    static MonitorFixture start(EtcdCluster etcd, String instanceId, MonitorSettings settings) {
        return start(etcd, instanceId, settings, b -> { });
    }

    @Override
    public void close() {
        monitor.close();
        view.close();
        client.close();
    }
}
