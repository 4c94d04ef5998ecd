package org.dtablecluster.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.etcd.jetcd.Client;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.dtablecluster.config.MonitorSettings;
import org.dtablecluster.etcd.Keyspace;
import org.dtablecluster.strategy.sticky.StickyBalancedStrategy;
import org.dtablecluster.view.ClusterSnapshot;
import org.dtablecluster.view.ClusterView;
import org.dtablecluster.view.ConnectionState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Bad monitor configuration fails when the monitor is built, before anything runs. */
class MonitorBuilderTest {

    // never connects: building a monitor touches no network
    private final Client client = Client.builder().endpoints("http://127.0.0.1:1").build();

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void anUnknownStrategyNamesTheInstalledOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> build(settings(Duration.ofSeconds(5), "round-robin", Map.of()), b -> { }));
        assertEquals("assignment_strategy 'round-robin' is not installed; available: rendezvous, sticky-balanced,"
                + " weighted", e.getMessage());
    }

    @Test
    void optionsTheStrategyRejectsStopTheBuild() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> build(settings(Duration.ofSeconds(5), StickyBalancedStrategy.NAME, Map.of("weight", "2")), b -> { }));
        assertEquals(true, e.getMessage().contains("weight"), e.getMessage());
    }

    @Test
    void rangesAreCheckedWithTheAllowedRangeInTheMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> build(settings(Duration.ofMillis(10), StickyBalancedStrategy.NAME, Map.of()), b -> { }));
        assertEquals("monitor_interval_seconds must be in [1, 3600] seconds, was 0.01", e.getMessage());
        IllegalArgumentException ops = assertThrows(IllegalArgumentException.class,
                () -> Monitor.builder().maxOpsPerTransaction(129));
        assertEquals("maxOpsPerTransaction must be in [1, 128], was 129", ops.getMessage());
    }

    @Test
    void aMonitorThatNeverStartedClosesQuietlyAndRefusesWork() {
        Monitor m = build(settings(Duration.ofSeconds(5), StickyBalancedStrategy.NAME, Map.of()), b -> { });
        m.close();
        m.close();
        assertEquals(Monitor.State.CLOSED, m.state());
        assertEquals(RebalanceResult.Outcome.NOT_READY, m.dryRunRebalance().outcome());
        assertThrows(IllegalStateException.class, m::start);
    }

    private Monitor build(MonitorSettings settings, Consumer<MonitorBuilder> customizer) {
        MonitorBuilder b = Monitor.builder().client(client).keyspace(Keyspace.root()).view(new EmptyView())
                .settings(settings).instanceId("test");
        customizer.accept(b);
        return b.build();
    }

    private static MonitorSettings settings(Duration interval, String strategy, Map<String, String> options) {
        return new MonitorSettings(interval, Duration.ofSeconds(5), Duration.ofSeconds(5), strategy, options);
    }

    private static final class EmptyView implements ClusterView {
        @Override
        public ClusterSnapshot current() {
            return ClusterSnapshot.empty();
        }

        @Override
        public AutoCloseable subscribe(java.util.function.Consumer<ClusterSnapshot> listener) {
            return () -> { };
        }

        @Override
        public ConnectionState connectionState() {
            return ConnectionState.SUSPENDED;
        }
    }
}
