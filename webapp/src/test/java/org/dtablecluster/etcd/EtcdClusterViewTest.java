package org.dtablecluster.etcd;

import static org.dtablecluster.etcd.EtcdClients.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.PutOption;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.dtablecluster.testing.EtcdClusterExtension;
import org.dtablecluster.testing.Poll;
import org.dtablecluster.simulator.TcpRelay;
import org.dtablecluster.view.ClusterSnapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link EtcdClusterView} against one real etcd member. */
class EtcdClusterViewTest {

    @RegisterExtension
    static final EtcdClusterExtension etcd = EtcdClusterExtension.builder().build();

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration FAST_BACKOFF = Duration.ofMillis(50);
    private static final Duration MAX_BACKOFF = Duration.ofMillis(500);

    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private Client writer;
    private Keyspace ks;

    @BeforeEach
    void setUp(TestInfo info) {
        writer = etcd.newClient();
        // each test has its own key prefix, so tests sharing the cluster do not see each other
        ks = new Keyspace("t-" + info.getTestMethod().orElseThrow().getName() + "/");
    }

    @AfterEach
    void tearDown() throws Exception {
        Collections.reverse(cleanup);
        for (AutoCloseable c : cleanup) {
            c.close();
        }
    }

    @Test
    void seesNodesComeAndGoAndOwnersChangeInSeaTablesOwnLayout() throws Exception {
        Keyspace root = Keyspace.root();
        EtcdClusterView view = startedView(root, etcd.newClient());
        view.awaitInitialized(WAIT);
        Poll.until(WAIT, view::isConnected, "the watch should be established");

        long shortLease = writer.getLeaseClient().grant(3).get(5, TimeUnit.SECONDS).getID();
        long longLease = writer.getLeaseClient().grant(60).get(5, TimeUnit.SECONDS).getID();
        register(root, "dtable-server-01", shortLease);
        register(root, "dtable-server-02", longLease);
        long rev = put(root.assignKey(0x0f), "dtable-server-01");
        put(root.assignKey(0x10), "dtable-server-02");
        // dtable-web reads the same key with etcd3's get()
        assertEquals("assign-0f\ndtable-server-01\n", etcd.etcdctl("get", "assign-0f"));

        ClusterSnapshot s = view.awaitRevision(rev, WAIT);
        assertEquals(Set.of("dtable-server-01", "dtable-server-02"), s.liveNodes().keySet());
        assertEquals("dtable-server-01", s.liveOwner(0x0f).nodeId());
        assertEquals("http://dtable-server-01.local/", s.liveOwner(0x0f).localNodeUrl().toString());

        // the short lease is never renewed: etcd deletes the registration, the view drops the node
        Poll.until(WAIT, () -> !view.current().liveNodes().containsKey("dtable-server-01"),
                () -> "dtable-server-01 should expire; view has " + view.current());
        s = view.current();
        assertNull(s.liveOwner(0x0f), "the owner of 0f is gone");
        assertEquals("dtable-server-01", s.assignment().ownerOrNull(0x0f), "its assign key stays until reassigned");
        assertTrue(s.orphanedBuckets().contains(0x0f));
        assertEquals("dtable-server-02", s.liveOwner(0x10).nodeId());

        writer.getLeaseClient().revoke(longLease).get(5, TimeUnit.SECONDS);
        Poll.until(WAIT, () -> view.current().liveNodes().isEmpty(), () -> "revoked node should go: " + view.current());

        long deleted = writer.getKVClient().delete(bytes(root.assignKey(0x0f))).get(5, TimeUnit.SECONDS)
                .getHeader().getRevision();
        assertNull(view.awaitRevision(deleted, WAIT).assignment().ownerOrNull(0x0f));
        etcd.etcdctl("del", "--prefix", "assign-");
    }

    @Test
    void printsHowLongAnAssignChangeTakesToReachTheView() throws Exception {
        EtcdClusterView view = startedView(ks, clientFor(ks));
        view.awaitInitialized(WAIT);
        int rounds = 60;
        long[] endToEnd = new long[rounds];
        long[] putOnly = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            String owner = "dtable-server-0" + (i % 3 + 1);
            long start = System.nanoTime();
            long rev = put(ks.assignKey(i % 256), owner);
            long written = System.nanoTime();
            ClusterSnapshot s = view.awaitRevision(rev, WAIT);
            long seen = System.nanoTime();
            assertEquals(owner, s.assignment().ownerOrNull(i % 256));
            putOnly[i] = written - start;
            endToEnd[i] = seen - start;
        }
        Arrays.sort(endToEnd);
        Arrays.sort(putOnly);
        System.out.printf("assign-key change -> view, %d rounds on one local etcd member: "
                        + "put acknowledged median %.2f ms; visible in the view median %.2f ms, p95 %.2f ms, max %.2f ms%n",
                rounds, putOnly[rounds / 2] / 1e6, endToEnd[rounds / 2] / 1e6, endToEnd[rounds * 95 / 100] / 1e6,
                endToEnd[rounds - 1] / 1e6);
        assertTrue(endToEnd[rounds - 1] < TimeUnit.SECONDS.toNanos(2),
                "an assign change took " + endToEnd[rounds - 1] / 1e6 + " ms to reach the view");
    }

    @Test
    void someoneElsesBadValueKeepsTheNodesLastValidEntry() throws Exception {
        EtcdClusterView view = startedView(ks, clientFor(ks));
        view.awaitInitialized(WAIT);
        long registered = register(ks, "dtable-server-01", 0);
        view.awaitRevision(registered, WAIT);
        long bad = put(ks.nodeKey("dtable-server-01"), "{\"node_url\": 42}");
        ClusterSnapshot after = view.awaitRevision(bad, WAIT);
        assertEquals(registered, after.liveNodes().get("dtable-server-01").modRevision(),
                "still live, as last registered: its buckets do not move for someone else's typo");
    }

    @Test
    void redeliveredEventsChangeNothing() throws Exception {
        EtcdClusterView view = startedView(ks, clientFor(ks));
        view.awaitInitialized(WAIT);
        long first = put(ks.assignKey(1), "dtable-server-01");
        put(ks.assignKey(2), "dtable-server-02");
        put(ks.assignKey(1), "dtable-server-02");
        long last = register(ks, "dtable-server-02", 0);
        ClusterSnapshot before = view.awaitRevision(last, WAIT);
        AtomicInteger calls = new AtomicInteger();
        cleanup.add(view.subscribe(s -> calls.incrementAndGet()));
        Poll.until(WAIT, () -> calls.get() == 1, "a new subscriber gets the current snapshot");
        long watchesBefore = view.stats().watchStarts();

        view.rewatchFrom(first);  // etcd sends the four changes again
        Poll.until(WAIT, () -> view.stats().redeliveredEvents() >= 4 && view.isConnected(),
                () -> "re-delivery should be seen: " + view.stats());
        assertEquals(watchesBefore + 1, view.stats().watchStarts());
        assertSame(before, view.current(), "re-delivered events must not produce a new snapshot");
        assertEquals("dtable-server-02", view.current().liveOwner(1).nodeId());

        long next = put(ks.assignKey(3), "dtable-server-02");
        assertEquals("dtable-server-02", view.awaitRevision(next, WAIT).assignment().ownerOrNull(3));
        Poll.until(WAIT, () -> calls.get() == 2, () -> "listener calls: " + calls.get());
    }

    @Test
    void rereadsEverythingWhenItsRevisionWasCompactedAway() throws Exception {
        register(ks, "dtable-server-01", 0);
        register(ks, "dtable-server-02", 0);
        put(ks.assignKey(0xaa), "dtable-server-01");
        try (TcpRelay proxy = TcpRelay.to(etcd.member(0).clientEndpoint())) {
            EtcdClusterView view = startedView(ks, clientVia(proxy));
            ClusterSnapshot before = view.awaitInitialized(WAIT);
            assertEquals(2, before.liveNodes().size());
            Poll.until(WAIT, view::isConnected, "view should connect");

            proxy.cut();
            Poll.until(WAIT, () -> !view.isConnected(), "view should notice the cut");
            // meanwhile: one node leaves, one joins, a bucket moves, and etcd forgets the history
            writer.getKVClient().delete(bytes(ks.nodeKey("dtable-server-01"))).get(5, TimeUnit.SECONDS);
            register(ks, "dtable-server-03", 0);
            put(ks.assignKey(0xaa), "dtable-server-03");
            long compacted = etcd.compact();
            assertSame(before, view.current(), "while cut off the view serves its last snapshot");

            proxy.restore();
            ClusterSnapshot after = view.awaitRevision(compacted, WAIT);
            assertEquals(Set.of("dtable-server-02", "dtable-server-03"), after.liveNodes().keySet());
            assertEquals("dtable-server-03", after.liveOwner(0xaa).nodeId());
            assertEquals(2, view.stats().fullReads(), "one read at start, one after the compaction");
            Poll.until(WAIT, view::isConnected, "view should watch again");

            long next = put(ks.assignKey(0xab), "dtable-server-02");
            assertEquals("dtable-server-02", view.awaitRevision(next, WAIT).liveOwner(0xab).nodeId());
        }
    }

    @Test
    void servesTheLastSnapshotWhileEtcdIsDownAndCatchesUpWhenItReturns() throws Exception {
        register(ks, "dtable-server-01", 0);
        long rev = put(ks.assignKey(7), "dtable-server-01");
        EtcdClusterView view = startedView(ks, clientFor(ks));
        ClusterSnapshot before = view.awaitRevision(rev, WAIT);
        AtomicInteger calls = new AtomicInteger();
        cleanup.add(view.subscribe(s -> calls.incrementAndGet()));
        Poll.until(WAIT, () -> calls.get() == 1, "subscriber gets the current snapshot");

        etcd.member(0).stop();
        Poll.until(WAIT, () -> !view.isConnected(), "view should notice etcd is gone");
        assertSame(before, view.current());
        assertEquals("dtable-server-01", view.current().liveOwner(7).nodeId());
        assertThrows(TimeoutException.class, () -> view.awaitRevision(rev + 1, Duration.ofMillis(200)));

        etcd.member(0).start();
        Poll.until(WAIT, view::isConnected, "view should reconnect");
        long next = put(ks.assignKey(7), "dtable-server-02");
        assertEquals("dtable-server-02", view.awaitRevision(next, WAIT).assignment().ownerOrNull(7));
        assertEquals(1, view.stats().fullReads(), "a plain reconnect resumes the watch without a full read");
        Poll.until(WAIT, () -> calls.get() >= 2, () -> "listener calls: " + calls.get());
        assertEquals(2, calls.get(), "one call for the snapshot before, one for the change after");
    }

    @Test
    void readsEverythingAgainWhenEtcdComesBackWithAShorterHistory() throws Exception {
        register(ks, "dtable-server-01", 0);
        long rev = put(ks.assignKey(4), "dtable-server-01");
        EtcdClusterView view = startedView(ks, clientFor(ks));
        view.awaitRevision(rev, WAIT);

        // etcd rebuilt from scratch: its revisions start again below what the view has applied
        etcd.member(0).stop();
        etcd.member(0).wipeData();
        etcd.member(0).start();
        long fresh = put(ks.assignKey(5), "dtable-server-02");
        assertTrue(fresh < rev, "the new etcd's revision " + fresh + " should be below " + rev);

        // the view's revision goes back down to the new etcd's only through a full read
        Poll.until(WAIT, () -> view.lastRevision() == fresh,
                () -> "view should read the new etcd: " + view.stats() + " rev=" + view.lastRevision());
        assertEquals(2, view.stats().fullReads());
        ClusterSnapshot s = view.current();
        assertTrue(s.liveNodes().isEmpty());
        assertNull(s.assignment().ownerOrNull(4));
        assertEquals("dtable-server-02", s.assignment().ownerOrNull(5));
    }

    @Test
    void badRegistrationsAndAssignKeysAreIgnoredNotFatal() throws Exception {
        EtcdClusterView view = startedView(ks, clientFor(ks));
        view.awaitInitialized(WAIT);
        register(ks, "dtable-server-01", 0);
        put(ks.nodeKey("dtable-server-02"), "{not json");
        put(ks.nodeKey("dtable-server-03"),
                "{\"node_id\":\"dtable-server-99\",\"node_url\":\"https://x/\",\"local_node_url\":\"http://x/\"}");
        put(ks.nodeKey("dtable-server-04"), "{\"node_url\":\"https://x/\"}");
        put(ks.prefix() + "dtable-server-", "{}");
        put(ks.prefix() + "assign-zz", "dtable-server-01");
        put(ks.prefix() + "assign-0F", "dtable-server-01");
        put(ks.prefix() + "assign-100", "dtable-server-01");
        put(ks.assignKey(0x20), "  ");
        long last = put(ks.assignKey(0x0f), "dtable-server-01");

        ClusterSnapshot s = view.awaitRevision(last, WAIT);
        assertEquals(Set.of("dtable-server-01"), s.liveNodes().keySet());
        assertEquals("dtable-server-01", s.liveOwner(0x0f).nodeId());
        assertNull(s.assignment().ownerOrNull(0x20));
        assertEquals(1, s.assignment().bucketCounts().get("dtable-server-01"));
        assertEquals(8, view.stats().malformedValues());
        assertTrue(view.isConnected());

        // a node that fixes its value becomes live
        long fixed = register(ks, "dtable-server-02", 0);
        assertTrue(view.awaitRevision(fixed, WAIT).liveNodes().containsKey("dtable-server-02"));

        // and a fresh view reading all of it at once gets the same picture
        EtcdClusterView second = startedView(ks, clientFor(ks));
        ClusterSnapshot read = second.awaitRevision(fixed, WAIT);
        assertEquals(view.current().liveNodes().keySet(), read.liveNodes().keySet());
        assertEquals(view.current().assignment(), read.assignment());
    }

    @Test
    void listenersRunOnTheViewsThreadAndAFailingOneHurtsNoOne() throws Exception {
        EtcdClusterView view = startedView(ks, clientFor(ks));
        view.awaitInitialized(WAIT);
        AtomicInteger failing = new AtomicInteger();
        List<String> threads = new CopyOnWriteArrayList<>();
        List<Long> revisions = new CopyOnWriteArrayList<>();
        cleanup.add(view.subscribe(s -> {
            failing.incrementAndGet();
            throw new IllegalStateException("listener bug");
        }));
        AutoCloseable good = view.subscribe(s -> {
            threads.add(Thread.currentThread().getName());
            revisions.add(s.revision());
        });
        long r1 = put(ks.assignKey(1), "dtable-server-01");
        long r2 = put(ks.assignKey(2), "dtable-server-01");
        view.awaitRevision(r2, WAIT);
        Poll.until(WAIT, () -> revisions.contains(r2), () -> "good listener saw " + revisions);
        assertTrue(failing.get() >= 2, "the failing listener keeps being called");
        assertTrue(threads.stream().allMatch("dtable-cluster-view-listeners"::equals), threads.toString());
        for (int i = 1; i < revisions.size(); i++) {
            assertTrue(revisions.get(i) > revisions.get(i - 1), "each call has a newer snapshot: " + revisions);
        }
        assertTrue(r1 > 0);

        // subscribed after "good", so it is called after "good" in every round of notifications
        List<Long> probe = new CopyOnWriteArrayList<>();
        cleanup.add(view.subscribe(s -> probe.add(s.revision())));
        good.close();
        int seen = revisions.size();
        long r3 = put(ks.assignKey(3), "dtable-server-01");
        Poll.until(WAIT, () -> probe.contains(r3), () -> "probe saw " + probe);
        assertEquals(seen, revisions.size(), "a closed subscription gets nothing more");
    }

    @Test
    void startsOnceAndClosesTwice() throws Exception {
        EtcdClusterView view = new EtcdClusterView(clientFor(ks), ks, FAST_BACKOFF, MAX_BACKOFF, WAIT);
        assertEquals(EtcdClusterView.State.LATENT, view.state());
        view.start();
        assertThrows(IllegalStateException.class, view::start);
        ClusterSnapshot s = view.awaitInitialized(WAIT);
        view.close();
        view.close();
        assertEquals(EtcdClusterView.State.CLOSED, view.state());
        assertThrows(IllegalStateException.class, view::start);
        assertThrows(IllegalStateException.class, () -> view.subscribe(x -> { }));
        assertThrows(IllegalStateException.class, () -> view.awaitRevision(Long.MAX_VALUE, WAIT));
        assertFalse(view.isConnected());
        put(ks.assignKey(9), "dtable-server-01");
        assertSame(s, view.current(), "a closed view no longer follows etcd");

        EtcdClusterView never = new EtcdClusterView(clientFor(ks), ks);
        never.close();
        never.close();
        assertThrows(IllegalStateException.class, never::start);
    }

    @Test
    void closesPromptlyWhileARetryIsScheduledFarAhead() throws Exception {
        try (TcpRelay proxy = TcpRelay.to(etcd.member(0).clientEndpoint())) {
            proxy.cut();
            Duration minute = Duration.ofMinutes(1);
            EtcdClusterView view = new EtcdClusterView(clientVia(proxy), ks, minute, minute, WAIT);
            cleanup.add(view);
            view.start();
            Poll.until(WAIT, () -> view.stats().failures() >= 1, () -> "the first read should fail: " + view.stats());
            assertFalse(view.isInitialized());
            long start = System.nanoTime();
            view.close();
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 2000, "close took " + millis + " ms");
        }
    }

    @Test
    void seesOnlyItsOwnKeyPrefix() throws Exception {
        Keyspace other = new Keyspace("t-other/");
        put(other.assignKey(5), "dtable-server-09");
        register(other, "dtable-server-09", 0);
        put(ks.prefix() + "dtable-cluster/monitor/leader/abc", "x");
        long rev = put(ks.assignKey(5), "dtable-server-01");
        EtcdClusterView view = startedView(ks, clientFor(ks));
        ClusterSnapshot s = view.awaitRevision(rev, WAIT);
        assertEquals("dtable-server-01", s.assignment().ownerOrNull(5));
        assertTrue(s.liveNodes().isEmpty());
        assertEquals(1, s.assignment().bucketCounts().size());
        assertEquals(0, view.stats().malformedValues());
    }

    @Test
    void rejectsBackoffsOutOfRange() {
        Client c = etcd.newClient();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new EtcdClusterView(c, ks, Duration.ofSeconds(10), Duration.ofSeconds(1), WAIT));
        assertTrue(e.getMessage().contains("initialBackoff must be in [1 ms, PT1S]"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new EtcdClusterView(c, ks, Duration.ofMillis(1), Duration.ofHours(1), WAIT));
    }

    // ---- helpers ----

    private EtcdClusterView startedView(Keyspace keyspace, Client client) {
        EtcdClusterView view = new EtcdClusterView(client, keyspace, FAST_BACKOFF, MAX_BACKOFF, WAIT);
        cleanup.add(view);
        view.start();
        return view;
    }

    private Client clientFor(Keyspace keyspace) {
        Client c = EtcdClients.create(etcd.settings(keyspace.prefix()));
        cleanup.add(c);
        return c;
    }

    private Client clientVia(TcpRelay proxy) {
        return etcd.newClient(List.of(proxy.endpoint()), b -> b.waitForReady(false));
    }

    private long put(String key, String value) throws Exception {
        return writer.getKVClient().put(bytes(key), bytes(value)).get(5, TimeUnit.SECONDS).getHeader().getRevision();
    }

    /** Registers a node as the node role would; {@code lease} 0 for none. */
    private long register(Keyspace keyspace, String nodeId, long lease) throws Exception {
        String json = new NodeRegistration(nodeId, URI.create("https://" + nodeId + ".example.com/"),
                URI.create("http://" + nodeId + ".local/"), Map.of("version", "test")).toJson();
        PutOption option = lease == 0 ? PutOption.DEFAULT : PutOption.builder().withLeaseId(lease).build();
        return writer.getKVClient().put(bytes(keyspace.nodeKey(nodeId)), bytes(json), option)
                .get(5, TimeUnit.SECONDS).getHeader().getRevision();
    }
}
