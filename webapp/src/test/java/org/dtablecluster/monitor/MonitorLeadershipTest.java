package org.dtablecluster.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcd.jetcd.Client;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.dtablecluster.config.MonitorSettings;
import org.dtablecluster.etcd.EtcdClients;
import org.dtablecluster.etcd.Keyspace;
import org.dtablecluster.monitor.FakeNodes.FakeNode;
import org.dtablecluster.monitor.RebalanceResult.Outcome;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.spi.Move;
import org.dtablecluster.strategy.sticky.StickyBalancedStrategy;
import org.dtablecluster.testing.EtcdClusterExtension;
import org.dtablecluster.testing.Poll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two monitors on one etcd: one leads and writes; a deposed leader cannot write; the other takes over. */
class MonitorLeadershipTest {

    @RegisterExtension
    static final EtcdClusterExtension etcd = EtcdClusterExtension.builder().build();

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String A = "dtable-server-01";
    private static final String B = "dtable-server-02";

    @Test
    void oneLeaderWritesAndADeposedLeadersWriteIsRefusedByEtcd() throws Exception {
        etcd.deleteAllKeys();
        try (Client client = EtcdClients.create(etcd.settings(""));
                FakeNodes nodes = new FakeNodes(client, Keyspace.root())) {
            nodes.register(A, 5);
            FakeNode b = nodes.register(B, 5);
            try (MonitorFixture first = MonitorFixture.start(etcd, "monitor-1", MonitorFixture.settings(Duration.ofSeconds(8)))) {
                Poll.until(WAIT, first.monitor::isLeader, "the first monitor should lead");
                try (MonitorFixture second = MonitorFixture.start(etcd, "monitor-2",
                        MonitorFixture.settings(Duration.ofSeconds(8)))) {
                    Monitor m1 = first.monitor;
                    Monitor m2 = second.monitor;
                    Poll.until(WAIT, () -> nodes.assignment().isComplete(), "assigned by the leader");
                    Poll.until(WAIT, second.view::isConnected, "the second view in sync");

                    // longer than a keepAlive period (TTL/3): the follower stays a follower
                    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2000);
                    while (System.nanoTime() < until) {
                        assertTrue(m1.isLeader() && !m2.isLeader(), "exactly one leader");
                        Thread.sleep(20);
                    }
                    assertFalse(m2.refresh(), "a follower does not run");
                    assertFalse(m2.recentRuns().stream().anyMatch(RunRecord::wrote), "the follower never wrote");
                    assertEquals(Optional.of("monitor-1"), m2.leaderId());
                    RebalanceResult refused = m2.rebalance();
                    assertEquals(Outcome.NOT_LEADER, refused.outcome());
                    assertEquals(Optional.of("monitor-1"), refused.leader());
                    assertEquals(Optional.of("monitor-1"), m2.status().leaderId());
                    RebalanceResult dry = m2.dryRunRebalance();
                    assertEquals(Outcome.PLANNED, dry.outcome(), "a follower may still plan: " + dry);
                    assertEquals(List.of(), dry.moves());

                    // depose the leader behind its back, then let it try to write as if it still led
                    long writesBefore = m1.recentRuns().stream().filter(RunRecord::wrote).count();
                    assertTrue(writesBefore > 0, "the leader wrote the assignment");
                    Leadership stale = m1.leadership().orElseThrow();
                    client.getLeaseClient().revoke(stale.leaseId()).get(5, TimeUnit.SECONDS);
                    Assignment before = nodes.assignment();
                    String owner = before.ownerOrNull(0x0f);
                    String other = owner.equals(A) ? B : A;
                    RunRecord attempt = m1.writeUnder(stale, List.of(new Move(0x0f, owner, other)));
                    assertTrue(attempt.error().orElse("").startsWith("etcd refused the write: election key of"),
                            attempt.toString());
                    assertEquals(0, attempt.transactions());
                    assertEquals(before, nodes.assignment(), "etcd applied nothing of the deposed leader's write");

                    Poll.until(WAIT, () -> m2.isLeader(), "the second monitor should take over");
                    assertFalse(m1.isLeader(), "the deposed leader dropped leadership");
                    Poll.until(WAIT, () -> m1.leaderId().equals(Optional.of("monitor-2")),
                            "the deposed leader campaigns again and follows");

                    // the new leader does the work now
                    long t0 = System.nanoTime();
                    b.revoke();
                    Poll.until(WAIT, () -> nodes.assignment().bucketCounts().equals(Map.of(A, 256)),
                            () -> "B's buckets should move to A: " + nodes.assignment());
                    System.out.println("[figure] after a leader change, graceful stop -> reassigned in "
                            + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms");
                    // etcd shows the write before the run that made it is recorded
                    Poll.until(WAIT, () -> m2.recentRuns().stream().anyMatch(RunRecord::wrote),
                            () -> "the new leader records its write: " + m2.recentRuns());
                    assertEquals(writesBefore, m1.recentRuns().stream().filter(RunRecord::wrote).count(),
                            "the deposed leader wrote nothing more: " + m1.recentRuns());
                }
            }
        }
    }

    @Test
    void theWriteGuardAloneStopsALeaderThatHasNotNoticedItWasDeposed() throws Exception {
        etcd.deleteAllKeys();
        // no watch on its key, and a 60 s lease renewed every 20 s: the first monitor cannot learn
        // of its deposition in the few milliseconds this test takes, except from the guard
        MonitorSettings slow = new MonitorSettings(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(8),
                StickyBalancedStrategy.NAME, Map.of());
        try (Client client = EtcdClients.create(etcd.settings(""));
                FakeNodes nodes = new FakeNodes(client, Keyspace.root());
                MonitorFixture first = MonitorFixture.start(etcd, "monitor-1", slow, b -> b.watchElectionKey(false))) {
            nodes.register(A, 5);
            nodes.register(B, 5);
            Monitor m1 = first.monitor;
            Poll.until(WAIT, () -> m1.isLeader() && nodes.assignment().isComplete(), "the first monitor assigns");
            try (MonitorFixture second = MonitorFixture.start(etcd, "monitor-2",
                    MonitorFixture.settings(Duration.ofSeconds(8)))) {
                Leadership stale = m1.leadership().orElseThrow();
                client.getLeaseClient().revoke(stale.leaseId()).get(5, TimeUnit.SECONDS);
                Poll.until(WAIT, second.monitor::isLeader, "the second monitor takes over once the key is gone");
                assertTrue(m1.isLeader(), "the first has not noticed yet");

                Assignment before = nodes.assignment();
                String owner = before.ownerOrNull(0x20);
                RunRecord attempt = m1.writeUnder(stale, List.of(new Move(0x20, owner, owner.equals(A) ? B : A)));
                assertTrue(attempt.error().orElse("").startsWith("etcd refused the write"), attempt.toString());
                assertEquals(before, nodes.assignment(), "nothing of the stale write applied");
                assertFalse(m1.isLeader(), "a refused guard ends leadership at once");
                assertEquals(attempt.error(), m1.lastLeadershipLoss(), "and it was the guard that ended it");
                Poll.until(WAIT, () -> m1.leaderId().equals(Optional.of("monitor-2")), "the first follows now");
            }
        }
    }
}
