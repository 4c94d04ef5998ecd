package org.dtablecluster.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.dtablecluster.simulator.TcpRelay;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The harness itself, on three members: start, faults, restarts, and the helpers tests rely on. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EtcdClusterExtensionTest {

    @RegisterExtension
    static final EtcdClusterExtension etcd = EtcdClusterExtension.builder().members(3).build();

    // etcdctl takes the last value of a repeated flag: fail fast where failure is expected
    private static final String FAST_FAIL = "--command-timeout=1s";

    @Test
    @Order(1)
    void startsThreeHealthyMembersOnDistinctLoopbackPorts() {
        List<URI> endpoints = etcd.clientEndpoints();
        assertEquals(3, endpoints.size());
        assertEquals(3, new HashSet<>(endpoints).size(), "ports must differ: " + endpoints);
        endpoints.forEach(u -> assertEquals("127.0.0.1", u.getHost()));
        assertEquals(3, etcd.etcdctl("member", "list").strip().lines().count());
        String health = etcd.tryEtcdctl("endpoint", "health").stderr();
        assertEquals(3, health.lines().filter(l -> l.contains("is healthy")).count(), health);
    }

    @Test
    @Order(2)
    void clusterServesWithOneMemberKilledAndTheMemberCatchesUpAfterRestart() {
        etcd.etcdctl("put", "harness/a", "1");
        EtcdMember m1 = etcd.member(0);
        long pid = m1.pid();
        m1.kill();
        assertFalse(m1.isRunning());
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "etcd pid still alive");

        EtcdMember leader = etcd.awaitLeader(Duration.ofSeconds(10));
        assertTrue(leader.isRunning() && leader != m1, "the leader must be a survivor: " + leader);
        etcd.etcdctl("put", "harness/b", "2");
        assertEquals("harness/a\n1\n", etcd.etcdctl("get", "harness/a"));

        m1.start();
        assertTrue(m1.isRunning());
        // a serializable read is answered from m1's own store: it must have caught up
        assertEquals("harness/b\n2\n",
                etcd.etcdctlAt(m1.clientEndpoint(), "get", "harness/b", "--consistency=s"));
    }

    @Test
    @Order(3)
    void membersAFormerTestStoppedAreRunningAgain() {
        etcd.member(2).stop();
        assertFalse(etcd.member(2).isRunning());
        // the next test checks that the extension started it again
    }

    @Test
    @Order(4)
    void everyMemberRunsAtTheStartOfEachTest() {
        etcd.members().forEach(m -> assertTrue(m.isRunning(), m + " should have been restarted"));
    }

    @Test
    @Order(5)
    void restartingTheWholeClusterKeepsDataAndPorts() {
        etcd.etcdctl("put", "harness/kept", "yes");
        List<URI> before = etcd.clientEndpoints();
        etcd.restartAll();
        assertEquals(before, etcd.clientEndpoints());
        assertEquals("harness/kept\nyes\n", etcd.etcdctl("get", "harness/kept"));
    }

    @Test
    @Order(6)
    void withEveryMemberKilledEtcdctlFailsAndStartAllBringsItBack() {
        etcd.killAll();
        assertTrue(etcd.runningClientEndpoints().isEmpty());
        assertNotEquals(0, etcd.tryEtcdctl(FAST_FAIL, "get", "harness/kept").exitCode());
        etcd.startAll();
        assertEquals("harness/kept\nyes\n", etcd.etcdctl("get", "harness/kept"));
    }

    @Test
    @Order(7)
    void jetcdClientsFromTheFactorySeeWhatEtcdctlWrote() throws Exception {
        etcd.etcdctl("put", "assign-0f", "dtable-server-01");
        Client client = etcd.newClient();
        var kvs = client.getKVClient().get(bytes("assign-0f")).get(5, TimeUnit.SECONDS).getKvs();
        assertEquals(1, kvs.size());
        assertEquals("dtable-server-01", kvs.get(0).getValue().toString(UTF_8));
        assertEquals("assign-0f\ndtable-server-01\n", etcd.etcdctl("get", "assign-0f"));
    }

    @Test
    @Order(8)
    void compactMakesOlderRevisionsUnreadable() {
        etcd.etcdctl("put", "harness/c", "old");
        long old = etcd.currentRevision();
        etcd.etcdctl("put", "harness/c", "new");
        long compacted = etcd.compact();
        assertTrue(compacted > old);
        EtcdCluster.EtcdctlResult r = etcd.tryEtcdctl("get", "harness/c", "--rev=" + old);
        assertNotEquals(0, r.exitCode());
        assertTrue(r.stderr().contains("compacted"), r.stderr());
    }

    @Test
    @Order(9)
    void tcpProxyCutsAndRestoresAClientsPathToEtcd() throws Exception {
        try (TcpRelay proxy = TcpRelay.to(etcd.member(0).clientEndpoint())) {
            Client client = etcd.newClient(List.of(proxy.endpoint()), b -> b.waitForReady(false));
            ByteSequence key = bytes("harness/proxied");
            client.getKVClient().put(key, bytes("1")).get(5, TimeUnit.SECONDS);

            proxy.cut();
            assertTrue(proxy.isCut());
            assertThrows(Exception.class, () -> client.getKVClient().get(key).get(1, TimeUnit.SECONDS),
                    "a cut proxy must not let a read through");

            proxy.restore();
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (true) {
                try {
                    assertEquals(1, client.getKVClient().get(key).get(2, TimeUnit.SECONDS).getCount());
                    break;
                } catch (ExecutionException | TimeoutException e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                }
            }
        }
    }

    @Test
    @Order(10)
    void aFrozenMemberStopsAnsweringAndThawsBack() {
        EtcdMember m3 = etcd.member(2);
        m3.freeze();
        try {
            assertNotEquals(0, etcd.tryEtcdctlAt(m3.clientEndpoint(), FAST_FAIL, "get", "harness/a", "--consistency=s").exitCode());
        } finally {
            m3.thaw();
        }
        assertEquals("harness/a\n1\n", etcd.etcdctlAt(m3.clientEndpoint(), "get", "harness/a", "--consistency=s"));
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, UTF_8);
    }
}
