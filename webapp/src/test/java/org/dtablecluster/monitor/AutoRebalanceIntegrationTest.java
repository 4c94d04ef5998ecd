package org.dtablecluster.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcd.jetcd.Client;
import java.time.Duration;
import java.util.List;
import org.dtablecluster.config.MonitorSettings;
import org.dtablecluster.etcd.EtcdClients;
import org.dtablecluster.etcd.Keyspace;
import org.dtablecluster.monitor.FakeNodes.FakeNode;
import org.dtablecluster.spi.RunKind;
import org.dtablecluster.testing.EtcdClusterExtension;
import org.dtablecluster.testing.Poll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The leader rebalances by itself on a real etcd: after the hold-off, throttled, once for a flapping node. */
class AutoRebalanceIntegrationTest {

    @RegisterExtension
    static final EtcdClusterExtension etcd = EtcdClusterExtension.builder().build();

    private static final Duration HOLD_OFF = Duration.ofSeconds(2);
    private static final String A = "dtable-server-01";
    private static final String B = "dtable-server-02";
    private static final String C = "dtable-server-03";

    private static MonitorSettings settings(int maxMovesPerMinute) {
        return MonitorFixture.settings(Duration.ZERO).withAutoRebalance(true, HOLD_OFF, maxMovesPerMinute);
    }

    private static List<RunRecord> autoRuns(Monitor m) {
        return m.recentRuns().stream().filter(r -> r.kind() == RunKind.REBALANCE && r.trigger().equals("auto")
                && !r.moves().isEmpty()).toList();
    }

    @Test
    void aNodeThatJoinsGetsItsShareWithinTheHoldOff() throws Exception {
        etcd.deleteAllKeys();
        try (Client client = EtcdClients.create(etcd.settings(""));
                FakeNodes nodes = new FakeNodes(client, Keyspace.root())) {
            // both live before the monitor starts: its first repair spreads the buckets, and no
            // automatic run for A and B can land after 'before' is counted
            nodes.register(A, 5);
            nodes.register(B, 5);
            joinAfterBalance(nodes);
        }
    }

    private void joinAfterBalance(FakeNodes nodes) throws Exception {
        try (MonitorFixture m = MonitorFixture.start(etcd, "monitor-1", settings(256))) {
            Poll.until(Duration.ofSeconds(10), m.monitor::isLeader, "leads");
            Poll.until(Duration.ofSeconds(10), () -> nodes.assignment().bucketCounts().getOrDefault(B, 0) == 128,
                    () -> "A and B balanced: " + nodes.assignment().bucketCounts());
            int before = autoRuns(m.monitor).size();

            long t0 = System.nanoTime();
            nodes.register(C, 5);
            Poll.until(HOLD_OFF.plusSeconds(5), () -> nodes.assignment().bucketCounts().getOrDefault(C, 0) >= 85,
                    () -> "C got its share: " + nodes.assignment().bucketCounts());
            System.out.printf("a joining node got its share %d ms after it registered (hold-off %d s)%n",
                    Duration.ofNanos(System.nanoTime() - t0).toMillis(), HOLD_OFF.toSeconds());
            Thread.sleep(1000);
            assertEquals(before + 1, autoRuns(m.monitor).size(), "one automatic rebalance for the join");
        }
    }

    @Test
    void movesNoMoreThanTheLimitPerMinuteAndOnceForAFlappingNode() throws Exception {
        etcd.deleteAllKeys();
        try (Client client = EtcdClients.create(etcd.settings(""));
                FakeNodes nodes = new FakeNodes(client, Keyspace.root())) {
            nodes.register(A, 5);
            nodes.register(B, 5);
            checkThrottledAndOnce(nodes);
        }
    }

    // both nodes are live before the monitor starts, so its first repair spreads the buckets evenly
    private void checkThrottledAndOnce(FakeNodes nodes) throws Exception {
        try (MonitorFixture m = MonitorFixture.start(etcd, "monitor-1", settings(20))) {
            Poll.until(Duration.ofSeconds(10), m.monitor::isLeader, "leads");
            Poll.until(Duration.ofSeconds(10), () -> nodes.assignment().isComplete(), "assigned");
            Poll.until(Duration.ofSeconds(10), () -> nodes.assignment().bucketCounts().getOrDefault(B, 0) == 128,
                    () -> "A and B balanced: " + nodes.assignment().bucketCounts());
            int before = autoRuns(m.monitor).size();

            // C flaps: joins, leaves, joins, leaves, joins, each within the hold-off
            FakeNode c = nodes.register(C, 5);
            for (int i = 0; i < 2; i++) {
                Thread.sleep(500);
                c.revoke();
                Thread.sleep(500);
                c.register();
            }
            Poll.until(HOLD_OFF.plusSeconds(5), () -> nodes.assignment().bucketCounts().getOrDefault(C, 0) > 0,
                    () -> "C got buckets: " + nodes.assignment().bucketCounts());
            Thread.sleep(HOLD_OFF.plusSeconds(2).toMillis()); // well within the minute: no further moves allowed

            assertEquals(20, nodes.assignment().bucketCounts().getOrDefault(C, 0),
                    "max_moves_per_minute moves, the rest waits: " + nodes.assignment().bucketCounts());
            List<RunRecord> runs = autoRuns(m.monitor);
            assertEquals(before + 1, runs.size(), "one automatic rebalance for the flapping node: " + runs);
            assertTrue(runs.get(runs.size() - 1).moves().size() <= 20);
        }
    }
}
