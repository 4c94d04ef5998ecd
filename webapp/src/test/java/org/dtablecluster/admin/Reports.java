package org.dtablecluster.admin;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.dtablecluster.monitor.MonitorStatus;
import org.dtablecluster.monitor.RunRecord;
import org.dtablecluster.node.HandoffStatus;
import org.dtablecluster.node.HealthState;
import org.dtablecluster.node.NodeAgent;
import org.dtablecluster.node.NodeStatus;
import org.dtablecluster.proxy.ProxyError;
import org.dtablecluster.proxy.ProxyMetrics;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.spi.Move;
import org.dtablecluster.spi.RunKind;
import org.dtablecluster.view.ClusterSnapshot;
import org.dtablecluster.view.InMemoryClusterView;
import org.dtablecluster.view.NodeEntry;

/**
 * One cluster for the admin tests: three live nodes owning 86, 85 and 83 buckets, bucket fe
 * assigned to dtable-server-09 (not live), bucket ff unassigned; a leading monitor whose run a
 * minute ago moved one bucket (or failed) and whose latest run was idle; some proxy traffic.
 */
final class Reports {

    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final long REVISION = 4711;

    private Reports() {
    }

    static NodeEntry node(String id) {
        return new NodeEntry(id, URI.create("https://" + id + ".example.com/"),
                URI.create("http://10.0.0." + id.substring(id.length() - 1) + ":5000/"), Map.of("node_id", id), 10);
    }

    static ClusterSnapshot snapshot() {
        Assignment.Builder b = Assignment.builder(Assignment.BUCKETS);
        for (int bucket = 0; bucket < 254; bucket++) {
            b.set(bucket, bucket < 86 ? "dtable-server-01" : bucket < 171 ? "dtable-server-02" : "dtable-server-03");
        }
        b.set(0xfe, "dtable-server-09");
        Map<String, NodeEntry> live = new TreeMap<>();
        for (String id : List.of("dtable-server-01", "dtable-server-02", "dtable-server-03")) {
            live.put(id, node(id));
        }
        return new ClusterSnapshot(REVISION, live, b.build());
    }

    static RunRecord run(Optional<String> error) {
        return new RunRecord(NOW.minusSeconds(60), RunKind.REPAIR, "membership", REVISION - 5,
                List.of(new Move(0x0f, "dtable-server-09", "dtable-server-01")), error, REVISION - 2, 1, 1,
                Duration.ofMillis(9));
    }

    /** The latest run: an idle repair, as the monitor makes one every interval. */
    static RunRecord idle() {
        return new RunRecord(NOW.minusSeconds(30), RunKind.REPAIR, "interval", REVISION, List.of(),
                Optional.empty(), 0, 0, 0, Duration.ofMillis(1));
    }

    static MonitorStatus monitor() {
        return new MonitorStatus("proxy-01:4711", true, Optional.of("proxy-01:4711"), "sticky-balanced", true,
                Optional.empty(), Optional.of(idle()), snapshot().assignment().bucketCounts(), 1, 12, 4);
    }

    static ProxyMetrics proxy() {
        ProxyMetrics m = new ProxyMetrics();
        m.forwarded("dtable-server-01");
        m.forwarded("dtable-server-02");
        m.forwarded("dtable-server-02");
        m.error(ProxyError.NO_OWNER);
        return m;
    }

    static NodeStatus nodeStatus() {
        return new NodeStatus("dtable-server-01", "host/1/abc", NodeAgent.State.STARTED, true, 0x694d7a2cL, 1, true,
                NOW.minusSeconds(3), HealthState.HEALTHY, 0, List.of(0, 1, 2), REVISION, null, null,
                HandoffStatus.OFF);
    }

    /** A proxy + monitor process, as the admin endpoints read it. */
    static AdminSources proxyProcess(InMemoryClusterView view, Optional<String> runError) {
        ProxyMetrics metrics = proxy();
        return new AdminSources(view, () -> true, () -> Optional.of(monitor()),
                () -> List.of(run(runError), idle()), Optional.of(metrics), Optional::empty, CLOCK);
    }

    static ClusterReport report(Optional<String> runError) {
        return proxyProcess(new InMemoryClusterView(snapshot()), runError).report();
    }
}
