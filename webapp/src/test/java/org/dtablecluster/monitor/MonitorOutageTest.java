package org.dtablecluster.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcd.jetcd.Client;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.dtablecluster.etcd.EtcdClients;
import org.dtablecluster.etcd.Keyspace;
import org.dtablecluster.monitor.FakeNodes.FakeNode;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.testing.EtcdClusterExtension;
import org.dtablecluster.testing.Poll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * etcd down for longer than the nodes' TTL, then back: the re-registration grace keeps every
 * bucket of a node that registers again in time, and repairs the buckets of one that does not
 * once the grace is over.
 */
class MonitorOutageTest {

    @RegisterExtension
    static final EtcdClusterExtension etcd = EtcdClusterExtension.builder().build();

    private static final long TTL = 5;
    private static final Duration OUTAGE = Duration.ofSeconds(10);
    private static final Duration GRACE = Duration.ofSeconds(8);
    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String A = "dtable-server-01";
    private static final String B = "dtable-server-02";
    private static final String C = "dtable-server-03";
    private static final String D = "dtable-server-04";

    @Test
    void nodesBackWithinTheGraceKeepTheirBucketsAndOneThatIsNotLosesThemAfterIt() throws Exception {
        try (Client client = EtcdClients.create(etcd.settings(""));
                FakeNodes nodes = new FakeNodes(client, Keyspace.root())) {
            for (String id : List.of(A, B, C, D)) {
                nodes.register(id, TTL);
            }
            try (MonitorFixture f = MonitorFixture.start(etcd, "monitor-1", MonitorFixture.settings(GRACE))) {
                Poll.until(WAIT, () -> nodes.assignment().bucketCounts().equals(Map.of(A, 64, B, 64, C, 64, D, 64)),
                        () -> "initial assignment: " + nodes.assignment());
                outageAndReturn(f, nodes.assignment());
            }
        }
    }

    private void outageAndReturn(MonitorFixture f, Assignment before) throws Exception {
        Monitor monitor = f.monitor;
        // the outage: longer than every lease's TTL, so no keepAlive survives it
        Instant down = Instant.now();
        long t0 = System.nanoTime();
        etcd.killAll();
        Poll.until(WAIT, () -> !monitor.isLeader() && !f.view.isConnected(), "leadership and sync lost");
        System.out.println("[figure] etcd killed -> leadership dropped after " + millisSince(t0) + " ms");
        long left = OUTAGE.toNanos() - (System.nanoTime() - t0);
        TimeUnit.NANOSECONDS.sleep(Math.max(0, left));  // the outage itself: nothing to poll for
        etcd.startAll();
        long up = System.nanoTime();

        // a client made now connects at once; the old ones wait out gRPC's reconnect backoff
        try (Client client = EtcdClients.create(etcd.settings(""));
                FakeNodes nodes = new FakeNodes(client, Keyspace.root())) {
            // D's node role notices first and registers again at once
            FakeNode d = nodes.register(D, TTL);
            Poll.until(WAIT, () -> monitor.isLeader() && monitor.status().inSync(), "leading again, in sync");
            System.out.println("[figure] etcd back -> leading again after " + millisSince(up) + " ms");

            // A, B and C still look registered, but nobody renews their restored leases
            Poll.until(WAIT, () -> !f.view.current().liveNodes().keySet().stream().anyMatch(Set.of(A, B, C)::contains),
                    () -> "the old registrations should expire: " + f.view.current().liveNodes().keySet());
            long goneRevision = Math.max(d.revision(), f.view.current().revision());
            System.out.println("[figure] etcd back -> restored leases of A, B, C expired after " + millisSince(up)
                    + " ms");
            Poll.until(WAIT, () -> monitor.recentRuns().stream().anyMatch(r -> r.viewRevision() >= goneRevision),
                    "a run that sees A, B and C gone and D back");
            RunRecord held = monitor.recentRuns().stream().filter(r -> r.viewRevision() >= goneRevision)
                    .findFirst().orElseThrow();
            assertEquals(192, held.heldBuckets(), held.toString());
            assertEquals(List.of(), held.moves(), "the grace keeps them");
            assertEquals(before, nodes.assignment());
            Instant graceEnd = monitor.status().graceUntil().orElseThrow(() -> new AssertionError("grace should run"));
            RebalanceResult refused = monitor.rebalance();
            assertEquals(RebalanceResult.Outcome.NOT_READY, refused.outcome(), refused.toString());
            assertTrue(refused.error().orElseThrow().startsWith("rebalance refused: until "), refused.toString());
            assertEquals(before, nodes.assignment(), "a refused rebalance writes nothing");

            // A and B come back within the grace; C never does
            nodes.register(A, TTL);
            nodes.register(B, TTL);
            Poll.until(GRACE.plus(WAIT), () -> !nodes.assignment().bucketCounts().containsKey(C),
                    () -> "C's buckets should be repaired after the grace: " + nodes.assignment());
            Instant repaired = Instant.now();
            Duration afterGrace = Duration.between(graceEnd, repaired);
            System.out.println("[figure] grace ended " + graceEnd + "; C's buckets reassigned " + afterGrace.toMillis()
                    + " ms after it");
            assertFalse(repaired.isBefore(graceEnd), "C's buckets moved during the grace");
            assertTrue(afterGrace.compareTo(INTERVAL.plusMillis(500)) < 0, "took " + afterGrace + " after the grace");

            Assignment after = nodes.assignment();
            for (int bucket = 0; bucket < Assignment.BUCKETS; bucket++) {
                if (before.ownerOrNull(bucket).equals(C)) {
                    assertTrue(Set.of(A, B, D).contains(after.ownerOrNull(bucket)), "bucket " + bucket);
                } else {
                    assertEquals(before.ownerOrNull(bucket), after.ownerOrNull(bucket),
                            "bucket " + bucket + " changed owner because of the outage");
                }
            }
            assertTrue(monitor.recentRuns().stream().filter(r -> r.startedAt().isAfter(down))
                    .flatMap(r -> r.moves().stream()).allMatch(m -> C.equals(m.from())), monitor.recentRuns().toString());
        }
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }
}
