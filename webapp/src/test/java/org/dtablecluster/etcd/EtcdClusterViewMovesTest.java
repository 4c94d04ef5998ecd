package org.dtablecluster.etcd;

import static org.dtablecluster.etcd.EtcdClients.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dtablecluster.testing.EtcdClusterExtension;
import org.dtablecluster.testing.Poll;
import org.dtablecluster.simulator.TcpRelay;
import org.dtablecluster.view.BucketMoves;
import org.dtablecluster.view.ClusterSnapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The handoff, released and accepted keys as {@link EtcdClusterView} reads and follows them on a real etcd. */
class EtcdClusterViewMovesTest {

    @RegisterExtension
    static final EtcdClusterExtension etcd = EtcdClusterExtension.builder().build();

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String A = "dtable-server-01";
    private static final String B = "dtable-server-02";

    private Client writer;
    private Keyspace ks;

    @BeforeEach
    void setUp(TestInfo info) {
        writer = etcd.newClient();
        ks = new Keyspace("m-" + info.getTestMethod().orElseThrow().getName() + "/");
    }

    @AfterEach
    void tearDown() {
        writer.close();
    }

    @Test
    void readsMovesAtStartFollowsThemAndIgnoresAMalformedOne() throws Exception {
        long h = put(ks.handoffKey(0x3f), HandoffValues.handoff(A, B, 3, 1000));
        try (Client c = etcd.newClient(); EtcdClusterView view = view(c)) {
            ClusterSnapshot first = view.awaitInitialized(WAIT);
            assertEquals(h, first.moves().handoff(0x3f).modRevision(), "read at start, with its mod revision");
            Poll.until(WAIT, view::isConnected, "watching");

            put(ks.releasedKey(0x3f), HandoffValues.ack(A, h));
            long rev = put(ks.acceptedKey(0x3f), HandoffValues.ack(B, h));
            BucketMoves m = view.awaitRevision(rev, WAIT).moves();
            assertTrue(m.released(0x3f) && m.accepted(0x3f), m.toString());

            long bad = put(ks.handoffKey(0x40), "{\"to\": true}".getBytes());
            rev = writer.getKVClient().delete(bytes(ks.releasedKey(0x3f))).get(5, TimeUnit.SECONDS)
                    .getHeader().getRevision();
            m = view.awaitRevision(Math.max(bad, rev), WAIT).moves();
            assertFalse(m.moving(0x40), "a malformed handoff is ignored");
            assertNull(m.releaseKey(0x3f), "a deleted release is gone");
            assertEquals(List.of(0x3f), m.open().stream().map(x -> x.bucket()).toList());
            assertEquals(1, view.stats().malformedValues());
        }
    }

    @Test
    void rereadsMovesAfterItsRevisionWasCompactedAway() throws Exception {
        put(ks.handoffKey(0x01), HandoffValues.handoff(A, B, 3, 1000));
        try (TcpRelay proxy = TcpRelay.to(etcd.member(0).clientEndpoint());
                Client c = etcd.newClient(List.of(proxy.endpoint()), b -> b.waitForReady(false));
                EtcdClusterView view = view(c)) {
            assertTrue(view.awaitInitialized(WAIT).moves().moving(0x01));
            Poll.until(WAIT, view::isConnected, "watching");
            proxy.cut();
            Poll.until(WAIT, () -> !view.isConnected(), "the view notices the cut");
            writer.getKVClient().delete(bytes(ks.handoffKey(0x01))).get(5, TimeUnit.SECONDS);
            long h = put(ks.handoffKey(0x02), HandoffValues.handoff(B, A, 4, 2000));
            long compacted = etcd.compact();
            proxy.restore();
            BucketMoves m = view.awaitRevision(compacted, WAIT).moves();
            assertFalse(m.moving(0x01));
            assertEquals(h, m.handoff(0x02).modRevision());
            assertEquals(2, view.stats().fullReads());
        }
    }

    private EtcdClusterView view(Client client) {
        EtcdClusterView view = new EtcdClusterView(client, ks, Duration.ofMillis(50), Duration.ofMillis(500), WAIT);
        view.start();
        return view;
    }

    private long put(String key, byte[] value) throws Exception {
        return writer.getKVClient().put(bytes(key), ByteSequence.from(value)).get(5, TimeUnit.SECONDS)
                .getHeader().getRevision();
    }
}
