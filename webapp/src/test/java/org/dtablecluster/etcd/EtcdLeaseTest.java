package org.dtablecluster.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.LeaseOption;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.dtablecluster.concurrent.EventLoop;
import org.dtablecluster.testing.EtcdClusterExtension;
import org.dtablecluster.testing.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The one lease: renewal, its send instant, and the one meaning of lost, against a real etcd. */
class EtcdLeaseTest {

    @RegisterExtension
    static final EtcdClusterExtension etcd = EtcdClusterExtension.builder().build();

    private static final Duration WAIT = Duration.ofSeconds(10);

    private Client client;
    private EventLoop loop;
    private final CompletableFuture<String> lost = new CompletableFuture<>();

    @BeforeEach
    void setUp() {
        client = etcd.newClient();
        loop = new EventLoop("lease-test", "[lease-test]");
    }

    @AfterEach
    void tearDown() {
        loop.shutdown(Duration.ofSeconds(2));
        client.close();
    }

    private EtcdLease grant(long ttl, LongSupplier nanos) throws Exception {
        EtcdLease lease = EtcdLease.grant(client.getLeaseClient(), ttl, loop, nanos, Clock.systemUTC())
                .get(5, TimeUnit.SECONDS);
        loop.execute(() -> lease.keepAlive((l, reason) -> lost.complete(reason)));
        return lease;
    }

    private long remainingTtl(long id) throws Exception {
        return client.getLeaseClient().timeToLive(id, LeaseOption.DEFAULT).get(5, TimeUnit.SECONDS).getTTL();
    }

    @Test
    void reportsWhenTheAcknowledgedKeepAliveWasSent() throws Exception {
        AtomicLong nanos = new AtomicLong(0);
        EtcdLease lease = grant(3, nanos::get);
        assertEquals(0, lease.lastAckedSendNanos(), "before any keep-alive: when the grant was sent");
        nanos.set(TimeUnit.MILLISECONDS.toNanos(900));
        Thread.sleep(700);
        assertEquals(0, lease.lastAckedSendNanos(), "nothing is sent before a third of the TTL");
        long third = TimeUnit.MILLISECONDS.toNanos(1_100);
        nanos.set(third);
        Poll.until(WAIT, () -> lease.lastAckedSendNanos() == third, "a keep-alive sent at 1.1 s is acknowledged");
        assertNotNull(lease.lastAckedAt());
        assertEquals(third + TimeUnit.SECONDS.toNanos(3), lease.earliestExpiryNanos());
        assertFalse(lost.isDone());
    }

    @Test
    void renewsPastItsTtl() throws Exception {
        EtcdLease lease = grant(2, System::nanoTime);
        Thread.sleep(3_500);
        // etcd says -1 for a lease that expired; whole seconds left, rounded down, otherwise
        assertTrue(remainingTtl(lease.id()) >= 0, "renewed for longer than its TTL");
        assertFalse(lost.isDone());
    }

    @Test
    void aLeaseEtcdNoLongerKnowsIsLost() throws Exception {
        EtcdLease lease = grant(5, System::nanoTime);
        client.getLeaseClient().revoke(lease.id()).get(5, TimeUnit.SECONDS);
        String reason = lost.get(5, TimeUnit.SECONDS);
        assertTrue(reason.contains("no longer knows"), reason);
        assertTrue(lease.isLost());
    }

    @Test
    void noAcknowledgementForATtlIsALoss() throws Exception {
        AtomicLong nanos = new AtomicLong(0);
        EtcdLease lease = grant(5, nanos::get);
        // as if etcd had not answered for a whole TTL since the grant went out
        nanos.set(TimeUnit.SECONDS.toNanos(5));
        String reason = lost.get(5, TimeUnit.SECONDS);
        assertTrue(reason.contains("no keep-alive acknowledged for 5 s"), reason);
        assertTrue(lease.isLost());
    }

    @Test
    void aFailingKeepAliveWhileEtcdRestartsIsNotALoss() throws Exception {
        EtcdLease lease = grant(6, System::nanoTime);
        Poll.until(WAIT, () -> lease.lastAckedAt() != null, "renewing");
        etcd.member(0).stop();
        Thread.sleep(1_500);
        long down = System.nanoTime();
        etcd.member(0).start();
        Poll.until(WAIT, () -> lease.lastAckedSendNanos() - down > 0, "a keep-alive after the restart is acknowledged");
        assertFalse(lost.isDone(), () -> "lost: " + lost.getNow(""));
        assertTrue(remainingTtl(lease.id()) > 0);
    }
}
