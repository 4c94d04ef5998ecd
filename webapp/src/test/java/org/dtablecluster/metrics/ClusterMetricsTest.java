package org.dtablecluster.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.dtablecluster.monitor.MonitorStatus;
import org.dtablecluster.monitor.RunRecord;
import org.dtablecluster.node.HandoffStatus;
import org.dtablecluster.node.HealthState;
import org.dtablecluster.node.NodeAgent;
import org.dtablecluster.node.NodeStatus;
import org.dtablecluster.proxy.ProxyError;
import org.dtablecluster.proxy.ProxyMetrics;
import org.dtablecluster.proxy.TunnelClosure;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.spi.Move;
import org.dtablecluster.spi.RunKind;
import org.dtablecluster.testing.PrometheusText;
import org.dtablecluster.view.ClusterSnapshot;
import org.dtablecluster.view.ClusterView;
import org.dtablecluster.view.ConnectionState;
import org.dtablecluster.view.NodeEntry;
import org.junit.jupiter.api.Test;

/**
 * The registry as {@link MetricsEndpoint} wires it, over sources filled by hand: every metric is
 * present, typed and labelled as documented, reads what its source holds at scrape time, and the
 * whole exposition passes a strict text-format parser.
 */
class ClusterMetricsTest {

    private static final long NOW = 1_000_000_000_000L;
    private static final String ONE = "dtable-server-01";
    private static final String TWO = "dtable-server-02";

    private final ClusterMetrics metrics = new ClusterMetrics();
    private final ProxyMetrics proxy = new ProxyMetrics();
    private final AtomicReference<ConnectionState> connection = new AtomicReference<>(ConnectionState.CONNECTED);
    private final List<RunRecord> runs = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong keepAliveSent = new AtomicLong(NOW - 1_500_000_000L);

    private void wireEverything() {
        ClusterSnapshot snapshot = new ClusterSnapshot(42, Map.of(ONE, node(ONE), TWO, node(TWO)),
                Assignment.of(owners()), NOW - 3_000_000_000L);
        ClusterView view = new ClusterView() {
            @Override
            public ClusterSnapshot current() {
                return snapshot;
            }

            @Override
            public AutoCloseable subscribe(java.util.function.Consumer<ClusterSnapshot> listener) {
                return () -> { };
            }

            @Override
            public ConnectionState connectionState() {
                return connection.get();
            }

            @Override
            public Duration staleness(long nowNanos) {
                return connection.get().isConnected() ? Duration.ZERO : Duration.ofSeconds(7);
            }
        };
        ViewCollectors.register(metrics, view, () -> NOW);
        ProxyCollectors.register(metrics, proxy);
        MonitorCollectors.register(metrics, () -> new MonitorStatus("proxy-01:1", true, Optional.of("proxy-01:1"),
                "sticky-balanced", true, Optional.empty(), Optional.empty(), Map.of(ONE, 100, TWO, 100), 56, 9, 4),
                () -> List.copyOf(runs));
        NodeCollectors.register(metrics, ONE, () -> new NodeStatus(ONE, "host/1/x", NodeAgent.State.STARTED, true,
                0x694dL, 2, true, Instant.EPOCH, HealthState.FAILING, 1, List.of(0, 1, 2), 42, null, null,
                new HandoffStatus(true, false, null, 3, 0, 0)),
                () -> OptionalLong.of(keepAliveSent.get()), () -> NOW);
    }

    @Test
    void everyMetricReadsItsSourceAtScrapeTime() throws IOException {
        wireEverything();
        ProxyRequests requests = new ProxyRequests(metrics);
        proxy.forwarded(ONE);
        proxy.forwarded(ONE);
        proxy.forwarded(TWO);
        proxy.error(ProxyError.NO_OWNER);
        proxy.clientAborted();
        proxy.tunnels().opened(ONE);
        proxy.tunnels().opened(ONE);
        proxy.tunnels().closed(ONE, TunnelClosure.BUCKET_MOVED);
        requests.completed(ONE, 200, 2_000_000L);      // 2 ms
        requests.completed(ONE, 404, 40_000_000L);     // 40 ms
        requests.completed(TWO, 204, 200_000L);        // 0.2 ms
        requests.completed(ProxyRequests.NO_NODE, 503, 100_000L);
        runs.add(run(RunKind.REPAIR, 256, false));
        runs.add(run(RunKind.REBALANCE, 3, false));

        PrometheusText p = scrape();

        assertEquals(2, p.value("dtable_cluster_proxy_requests_forwarded_total", "node", ONE));
        assertEquals(1, p.value("dtable_cluster_proxy_requests_forwarded_total", "node", TWO));
        assertEquals("counter", p.family("dtable_cluster_proxy_requests_forwarded_total").type());
        assertEquals(1, p.value("dtable_cluster_proxy_errors_total", "code", "no_owner"));
        assertEquals(ProxyError.values().length, p.samples("dtable_cluster_proxy_errors_total").size(),
                "every error code, zeros included");
        assertEquals(1, p.value("dtable_cluster_proxy_client_aborts_total"));
        assertEquals(1, p.value("dtable_cluster_proxy_tunnels_open", "node", ONE));
        assertEquals(2, p.value("dtable_cluster_proxy_tunnels_opened_total"));
        assertEquals(1, p.value("dtable_cluster_proxy_tunnels_closed_total", "reason", TunnelClosure.BUCKET_MOVED.key()));

        assertEquals(1, p.value("dtable_cluster_proxy_responses_total", "node", ONE, "status_class", "2xx"));
        assertEquals(1, p.value("dtable_cluster_proxy_responses_total", "node", ONE, "status_class", "4xx"));
        assertEquals(1, p.value("dtable_cluster_proxy_responses_total", "node", "none", "status_class", "5xx"));
        assertEquals("histogram", p.family("dtable_cluster_proxy_request_duration_seconds").type());
        assertEquals(2, p.value("dtable_cluster_proxy_request_duration_seconds_count", "node", ONE));
        assertEquals(0.042, p.value("dtable_cluster_proxy_request_duration_seconds_sum", "node", ONE), 1e-9);
        assertEquals(0, p.value("dtable_cluster_proxy_request_duration_seconds_bucket", "node", ONE, "le", "0.001"));
        assertEquals(1, p.value("dtable_cluster_proxy_request_duration_seconds_bucket", "node", ONE, "le", "0.0025"));
        assertEquals(2, p.value("dtable_cluster_proxy_request_duration_seconds_bucket", "node", ONE, "le", "0.05"));
        assertEquals(1, p.value("dtable_cluster_proxy_request_duration_seconds_bucket", "node", TWO, "le", "5.0E-4"));
        assertEquals(ClusterMetrics.LATENCY_BUCKETS.length + 1,
                p.samples("dtable_cluster_proxy_request_duration_seconds_bucket").stream()
                        .filter(s -> s.labels().get("node").equals(TWO)).count(), "classic buckets only, +Inf included");

        assertEquals(1, p.value("dtable_cluster_view_connection_state", "state", "connected"));
        assertEquals(0, p.value("dtable_cluster_view_connection_state", "state", "lost"));
        assertEquals(0, p.value("dtable_cluster_view_staleness_seconds"));
        assertEquals(3, p.value("dtable_cluster_view_snapshot_age_seconds"), 1e-9);
        assertEquals(42, p.value("dtable_cluster_view_revision"));
        assertEquals(2, p.value("dtable_cluster_live_nodes"));
        assertEquals(128, p.value("dtable_cluster_buckets_assigned", "node", ONE));
        assertEquals(0, p.value("dtable_cluster_buckets_without_live_owner"));

        assertEquals(1, p.value("dtable_cluster_monitor_leader"));
        assertEquals(9, p.value("dtable_cluster_monitor_runs_total"));
        assertEquals(4, p.value("dtable_cluster_monitor_transactions_total"));
        assertEquals(256, p.value("dtable_cluster_monitor_moves_total", "kind", "repair"));
        assertEquals(3, p.value("dtable_cluster_monitor_moves_total", "kind", "rebalance"));
        assertEquals(0, p.value("dtable_cluster_monitor_run_failures_total"));
        assertEquals(56, p.value("dtable_cluster_monitor_unowned_buckets"));

        assertEquals(1, p.value("dtable_cluster_node_registered", "node", ONE));
        assertEquals(1, p.value("dtable_cluster_node_lease_present", "node", ONE));
        assertEquals(1.5, p.value("dtable_cluster_node_lease_keepalive_age_seconds", "node", ONE), 1e-9);
        assertEquals(2, p.value("dtable_cluster_node_lease_grants_total", "node", ONE));
        assertEquals(1, p.value("dtable_cluster_node_health_state", "state", "failing"));
        assertEquals(0, p.value("dtable_cluster_node_health_state", "state", "healthy"));
        assertEquals(3, p.value("dtable_cluster_node_owned_buckets", "node", ONE));

        // Read again: callbacks follow their sources.
        proxy.forwarded(TWO);
        connection.set(ConnectionState.SUSPENDED);
        runs.add(run(RunKind.REBALANCE, 2, true));
        PrometheusText again = scrape();
        assertEquals(2, again.value("dtable_cluster_proxy_requests_forwarded_total", "node", TWO));
        assertEquals(1, again.value("dtable_cluster_view_connection_state", "state", "suspended"));
        assertEquals(0, again.value("dtable_cluster_view_connection_state", "state", "connected"));
        assertEquals(7, again.value("dtable_cluster_view_staleness_seconds"));
        assertEquals(5, again.value("dtable_cluster_monitor_moves_total", "kind", "rebalance"), "each run counted once");
        assertEquals(256, again.value("dtable_cluster_monitor_moves_total", "kind", "repair"));
        assertEquals(1, again.value("dtable_cluster_monitor_run_failures_total"));
    }

    @Test
    void namesAreOursAndTheJvmsAndTheWholeExpositionParses() throws IOException {
        wireEverything();
        new ProxyRequests(metrics);
        JvmMetrics.builder().register(metrics.registry());

        PrometheusText p = scrape();

        for (String name : p.families().keySet()) {
            assertTrue(name.startsWith(ClusterMetrics.PREFIX) || name.startsWith("jvm_") || name.startsWith("process_"),
                    name);
            assertTrue(p.family(name).help() != null, "HELP for " + name);
        }
        assertTrue(p.value("jvm_memory_used_bytes", "area", "heap") > 0);
        assertTrue(p.families().containsKey("jvm_threads_current"));
    }

    @Test
    void theKeepAliveAgeIsAbsentWithoutALease() throws IOException {
        NodeCollectors.register(metrics, ONE, () -> new NodeStatus(ONE, "host/1/x", NodeAgent.State.STARTED, false,
                0, 0, true, null, HealthState.UNKNOWN, 0, List.of(), -1, null, null,
                new HandoffStatus(false, false, null, 0, 0, 0)), OptionalLong::empty, () -> NOW);

        PrometheusText p = scrape();

        assertEquals(List.of(), p.samples("dtable_cluster_node_lease_keepalive_age_seconds"));
        assertEquals(0, p.value("dtable_cluster_node_lease_present", "node", ONE));
        assertEquals(0, p.value("dtable_cluster_node_registered", "node", ONE));
    }

    @Test
    void aSourceThatThrowsCostsOnlyItsOwnSamples() throws IOException {
        metrics.gauge("dtable_cluster_test_broken", "always fails", () -> {
            throw new IllegalStateException("gone");
        });
        metrics.gauge("dtable_cluster_test_fine", "always 1", () -> 1);

        PrometheusText p = scrape();

        assertEquals(List.of(), p.samples("dtable_cluster_test_broken"));
        assertEquals(1, p.value("dtable_cluster_test_fine"));
    }

    @Test
    void registrationRefusesNamesOutsideTheConventions() {
        assertThrows(IllegalArgumentException.class, () -> metrics.gauge("requests_held", "x", () -> 0));
        assertThrows(IllegalArgumentException.class, () -> metrics.counter("dtable_cluster_handoffs", "x", () -> 0));
        assertThrows(IllegalArgumentException.class, () -> metrics.durationHistogram("dtable_cluster_handoff_duration",
                "x", ClusterMetrics.LATENCY_BUCKETS));
        metrics.gauge("dtable_cluster_proxy_requests_held", "x", () -> 0);
        assertThrows(IllegalArgumentException.class, () -> metrics.gauge("dtable_cluster_proxy_requests_held", "x",
                () -> 0), "one name, one metric");
    }

    @Test
    void statusClasses() {
        assertEquals("1xx", ProxyRequests.statusClass(101));
        assertEquals("2xx", ProxyRequests.statusClass(200));
        assertEquals("3xx", ProxyRequests.statusClass(304));
        assertEquals("4xx", ProxyRequests.statusClass(499));
        assertEquals("5xx", ProxyRequests.statusClass(504));
        assertEquals("other", ProxyRequests.statusClass(0));
        assertEquals("other", ProxyRequests.statusClass(600));
    }

    private PrometheusText scrape() throws IOException {
        return scrape(metrics);
    }

    /** What {@code GET /metrics} would answer for {@code metrics}, parsed strictly. */
    static PrometheusText scrape(ClusterMetrics metrics) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, metrics.registry().scrape());
        return PrometheusText.parse(out.toString(StandardCharsets.UTF_8));
    }

    private static RunRecord run(RunKind kind, int moves, boolean failed) {
        List<Move> list = new ArrayList<>();
        for (int b = 0; b < moves; b++) {
            list.add(new Move(b, null, ONE));
        }
        return new RunRecord(Instant.EPOCH, kind, "test", 1, list, failed ? Optional.of("etcd timed out")
                : Optional.empty(), 2, 1, 0, Duration.ofMillis(5));
    }

    private static NodeEntry node(String id) {
        return new NodeEntry(id, URI.create("https://" + id + ".example.com/"), URI.create("http://127.0.0.1:1/"),
                Map.of(), 1);
    }

    private static List<String> owners() {
        List<String> owners = new ArrayList<>();
        for (int b = 0; b < Assignment.BUCKETS; b++) {
            owners.add(b % 2 == 0 ? ONE : TWO);
        }
        return owners;
    }
}
