package org.dtablecluster.etcd;

import static org.dtablecluster.etcd.EtcdClients.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.etcd.jetcd.Client;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.dtablecluster.testing.EtcdClusterExtension;
import org.dtablecluster.testing.EtcdMember;
import org.dtablecluster.testing.Poll;
import org.dtablecluster.view.ClusterSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link EtcdClusterView} on three members: member crashes and the loss of quorum. */
class EtcdClusterViewFailoverTest {

    @RegisterExtension
    static final EtcdClusterExtension etcd = EtcdClusterExtension.builder().members(3).build();

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    void followsChangesWhileMembersCrashOneAtATime() throws Exception {
        Keyspace ks = new Keyspace("failover/");
        Client writer = etcd.newClient();
        try (Client viewClient = EtcdClients.create(etcd.settings(ks.prefix()));
                EtcdClusterView view = new EtcdClusterView(viewClient, ks, Duration.ofMillis(50),
                        Duration.ofMillis(500), Duration.ofSeconds(5))) {
            view.start();
            view.awaitInitialized(WAIT);
            // whichever member the view's watch is on, it is killed in one of these rounds
            for (EtcdMember m : etcd.members()) {
                m.kill();
                etcd.awaitLeader(WAIT);
                long rev = writer.getKVClient().put(bytes(ks.assignKey(m.index())), bytes("dtable-server-0" + m.index()))
                        .get(10, TimeUnit.SECONDS).getHeader().getRevision();
                ClusterSnapshot s = view.awaitRevision(rev, WAIT);
                assertEquals("dtable-server-0" + m.index(), s.assignment().ownerOrNull(m.index()));
                m.start();
            }
            assertEquals(1, view.stats().fullReads());
        }
    }

    @Test
    void withoutQuorumItDisconnectsKeepsItsSnapshotAndRecovers() throws Exception {
        Keyspace ks = new Keyspace("quorum/");
        Client writer = etcd.newClient();
        long rev = writer.getKVClient().put(bytes(ks.assignKey(1)), bytes("dtable-server-01"))
                .get(10, TimeUnit.SECONDS).getHeader().getRevision();
        try (Client viewClient = EtcdClients.create(etcd.settings(ks.prefix()));
                EtcdClusterView view = new EtcdClusterView(viewClient, ks, Duration.ofMillis(50),
                        Duration.ofMillis(500), Duration.ofSeconds(5))) {
            view.start();
            ClusterSnapshot before = view.awaitRevision(rev, WAIT);
            Poll.until(WAIT, view::isConnected, "view should connect");

            // two of three gone: the survivor has no leader and must not pass for a live etcd
            etcd.member(1).kill();
            etcd.member(2).kill();
            EtcdMember survivor = etcd.member(0);
            Poll.until(WAIT, () -> !survivor.isHealthy(), "the survivor should find it has no leader");
            long attempts = view.stats().watchStarts();
            // two more attempts: the second happens only if the first did not get through
            Poll.until(WAIT, () -> !view.isConnected() && view.stats().watchStarts() >= attempts + 2,
                    () -> "view should keep failing to watch a leaderless etcd: connected=" + view.isConnected()
                            + " " + view.stats());
            assertSame(before, view.current());

            etcd.startAll();
            Poll.until(WAIT, view::isConnected, "view should reconnect once etcd has a leader again");
            long next = writer.getKVClient().put(bytes(ks.assignKey(1)), bytes("dtable-server-02"))
                    .get(10, TimeUnit.SECONDS).getHeader().getRevision();
            assertEquals("dtable-server-02", view.awaitRevision(next, WAIT).assignment().ownerOrNull(1));
        }
    }
}
