package org.dtablecluster.proxy;

import static org.dtablecluster.proxy.Http.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.dtablecluster.config.HandoffSettings;
import org.dtablecluster.config.ProxySettings;
import org.dtablecluster.simulator.DtableServerSimulator;
import org.dtablecluster.simulator.SimulatorConfig;
import org.dtablecluster.testing.Poll;
import org.dtablecluster.view.ClusterSnapshot;
import org.dtablecluster.view.ClusterView;
import org.dtablecluster.view.InMemoryClusterView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proxy side of a bucket handoff, on a real Jetty proxy with two simulators that serve only
 * what they are given and answer 421 {@code not_owner} for the rest.
 */
class BucketProxyServletHandoffTest {

    private static final int B = 0x3f;
    private static final String BASE = "3f000000-1111-2222-3333-444444444444";
    private static final String ROWS = "/api/v1/dtables/" + BASE + "/rows/";
    private static final String ECHO = "/api/v1/dtables/" + BASE + "/echo/";
    private static final ProxySettings PROXY = new ProxySettings(Duration.ofSeconds(10), Duration.ofSeconds(3));
    private static final Set<Integer> ALL = IntStream.range(0, 256).boxed().collect(Collectors.toSet());

    @TempDir
    Path storage;
    private DtableServerSimulator one;
    private DtableServerSimulator two;
    private StaleableView view;
    private ProxyServer proxy;

    @BeforeEach
    void start() throws Exception {
        one = DtableServerSimulator.start(SimulatorConfig.owningNothing("dtable-server-01", storage));
        two = DtableServerSimulator.start(SimulatorConfig.owningNothing("dtable-server-02", storage));
        one.assign(ALL);
        view = new StaleableView(owned(1, "dtable-server-01"));
    }

    @AfterEach
    void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        one.close();
        two.close();
    }

    private void startProxy(HandoffSettings handoff) throws Exception {
        proxy = ProxyServer.start(view, PROXY, handoff);
    }

    private ClusterSnapshot owned(long revision, String ownerOfB) {
        Map<String, URI> nodes = new TreeMap<>(Map.of("dtable-server-01", one.uri(), "dtable-server-02", two.uri()));
        return Snapshots.of(revision, nodes, b -> b == B ? ownerOfB : "dtable-server-01");
    }

    /** Moves bucket B from server 01 to 02 as the handoff does: released, gained, then the view flips. */
    private void completeMove(long revision) throws Exception {
        Set<Integer> rest = IntStream.range(0, 256).filter(b -> b != B).boxed().collect(Collectors.toSet());
        one.assign(rest);
        two.assign(Set.of(B));
        view.set(owned(revision, "dtable-server-02"));
    }

    private CompletableFuture<HttpResponse<String>> postRow(int i) {
        HttpRequest.Builder r = Http.request(proxy.proxyUri(), ROWS)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"row\": {\"n\": " + i + "}}"));
        return Http.CLIENT.sendAsync(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void requestsForAMovingBucketAreHeldAndThenServedByTheNewOwner() throws Exception {
        startProxy(ProxyServer.handoff(Duration.ofSeconds(20), 1 << 20));
        assertEquals(200, postRow(-1).get(10, TimeUnit.SECONDS).statusCode());
        view.set(Snapshots.moving(owned(2, "dtable-server-01"), B, "dtable-server-01", "dtable-server-02"));
        List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            held.add(postRow(i));
        }
        Poll.until(Duration.ofSeconds(10), () -> proxy.metrics().heldNow() == 20, () -> "held " + proxy.metrics().heldNow());
        assertTrue(held.stream().noneMatch(CompletableFuture::isDone), "nothing answered while the bucket moves");
        assertEquals(200, Http.get(proxy.proxyUri(), "/api/v1/dtables/40000000-1111-2222-3333-444444444444/rows/")
                .statusCode(), "other buckets go on");

        completeMove(3);
        for (CompletableFuture<HttpResponse<String>> f : held) {
            HttpResponse<String> r = f.get(10, TimeUnit.SECONDS);
            assertEquals(200, r.statusCode(), r.body());
        }
        assertEquals(0, proxy.metrics().heldNow());
        assertEquals(20, proxy.metrics().heldTotal());
        assertEquals(21, two.rowCount(BASE), "every acknowledged row is there once, on the new owner");
        assertEquals(-1, one.rowCount(BASE), "the old owner unloaded the base");
    }

    @Test
    void aHoldPastItsTimeoutIs503NoOwnerWithRetryAfter() throws Exception {
        startProxy(ProxyServer.handoff(Duration.ofSeconds(1), 1 << 20));
        view.set(Snapshots.moving(owned(2, "dtable-server-01"), B, "dtable-server-01", "dtable-server-02"));
        HttpResponse<String> r = postRow(1).get(10, TimeUnit.SECONDS);
        assertEquals(503, r.statusCode(), r.body());
        assertEquals("no_owner", json(r).get("error").asText());
        assertEquals("3f", json(r).get("bucket").asText());
        assertTrue(json(r).get("message").asText().contains("in handoff"), r.body());
        assertEquals("3", r.headers().firstValue("Retry-After").orElse(null));
        assertEquals(1, proxy.metrics().heldExpiredTotal());
        assertEquals(-1, two.rowCount(BASE), "the new owner never saw it");
    }

    @Test
    void aHeldRequestIsAnswered503NoLiveNodeOnceNoNodeIsLive() throws Exception {
        startProxy(ProxyServer.handoff(Duration.ofSeconds(20), 1 << 20));
        view.set(Snapshots.of(2, Map.of("dtable-server-02", two.uri()), b -> "dtable-server-01"));
        CompletableFuture<HttpResponse<String>> held = postRow(1);
        Poll.until(Duration.ofSeconds(10), () -> proxy.metrics().heldNow() == 1, () -> "held " + proxy.metrics().heldNow());

        view.set(Snapshots.of(3, Map.of(), b -> "dtable-server-01"));
        HttpResponse<String> r = held.get(10, TimeUnit.SECONDS);
        assertEquals(503, r.statusCode(), r.body());
        assertEquals("no_live_node", json(r).get("error").asText());
        assertEquals(0, proxy.metrics().heldExpiredTotal(), "answered when the last node went, not at the hold's end");
    }

    @Test
    void aFullHoldQueueAnswers503AtOnce() throws Exception {
        startProxy(ProxyServer.handoff(Duration.ofSeconds(20), 1 << 20, Duration.ZERO, 1));
        view.set(Snapshots.moving(owned(2, "dtable-server-01"), B, "dtable-server-01", "dtable-server-02"));
        CompletableFuture<HttpResponse<String>> first = postRow(1);
        Poll.until(Duration.ofSeconds(10), () -> proxy.metrics().heldNow() == 1, () -> "not held");
        HttpResponse<String> second = postRow(2).get(10, TimeUnit.SECONDS);
        assertEquals(503, second.statusCode());
        assertEquals("too_many_held", json(second).get("error").asText());
        assertEquals(1, proxy.metrics().heldRejectedTotal());
        completeMove(3);
        assertEquals(200, first.get(10, TimeUnit.SECONDS).statusCode());
    }

    @Test
    void a421IsSentOnceMoreToTheNewOwnerWithTheSameBody() throws Exception {
        startProxy(ProxyServer.handoff(Duration.ofSeconds(20), 1 << 20));
        // Server 01 has let B go, but the view still names it: the 421 waits for the view to change.
        one.assign(IntStream.range(0, 256).filter(b -> b != B).boxed().collect(Collectors.toSet()));
        two.assign(Set.of(B));
        byte[] body = new byte[100_000];
        new java.util.Random(7).nextBytes(body);
        CompletableFuture<HttpResponse<String>> answer = Http.CLIENT.sendAsync(Http.request(proxy.proxyUri(), ECHO)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        Poll.until(Duration.ofSeconds(10), () -> proxy.metrics().retriedTotal() == 1, () -> "no 421 retry");
        assertFalse(answer.isDone(), "parked until the view names another owner");
        view.set(owned(2, "dtable-server-02"));
        HttpResponse<String> r = answer.get(10, TimeUnit.SECONDS);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("dtable-server-02", json(r).get("node_id").asText());
        assertEquals(body.length, json(r).get("size").asLong());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)),
                json(r).get("sha256").asText());
    }

    @Test
    void aSecond421PassesToTheClient() throws Exception {
        startProxy(ProxyServer.handoff(Duration.ofSeconds(20), 1 << 20));
        one.assign(Set.of());
        CompletableFuture<HttpResponse<String>> answer = postRow(1);
        Poll.until(Duration.ofSeconds(10), () -> proxy.metrics().retriedTotal() == 1, () -> "no 421 retry");
        view.set(owned(2, "dtable-server-01")); // a new revision that still names server 01: keep waiting
        Thread.sleep(300);
        assertFalse(answer.isDone(), "no second try at the node that refused while the view names it still");
        two.assign(Set.of());
        view.set(owned(3, "dtable-server-02")); // another owner, which refuses too
        HttpResponse<String> r = answer.get(10, TimeUnit.SECONDS);
        assertEquals(421, r.statusCode(), r.body());
        assertEquals("not_owner", json(r).get("error").asText());
        assertEquals("dtable-server-02", json(r).get("node_id").asText());
        assertEquals(1, proxy.metrics().retriedTotal());
    }

    @Test
    void a421ForABodyLargerThanTheRetryLimitPassesThrough() throws Exception {
        startProxy(ProxyServer.handoff(Duration.ofSeconds(20), 1000));
        one.assign(Set.of());
        HttpResponse<String> r = Http.send(Http.request(proxy.proxyUri(), ECHO)
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[1001])));
        assertEquals(421, r.statusCode(), r.body());
        assertEquals("not_owner", json(r).get("error").asText());
        assertEquals(0, proxy.metrics().retriedTotal());
    }

    @Test
    void aStaleViewAnswers503ViewStaleForBasesOnly() throws Exception {
        startProxy(ProxyServer.handoff(Duration.ofSeconds(20), 1 << 20));
        view.staleness = HandoffSettings.defaults().staleAfter().plusSeconds(1);
        HttpResponse<String> r = postRow(1).get(10, TimeUnit.SECONDS);
        assertEquals(503, r.statusCode());
        assertEquals("view_stale", json(r).get("error").asText());
        assertEquals("3", r.headers().firstValue("Retry-After").orElse(null));
        assertEquals(1, proxy.metrics().viewStaleTotal());
        assertEquals(200, Http.get(proxy.proxyUri(), "/ping/").statusCode(), "no base, no owner to be wrong about");
    }

    /** An in-memory view whose staleness a test sets. */
    private static final class StaleableView implements ClusterView {
        private final InMemoryClusterView delegate;
        volatile Duration staleness = Duration.ZERO;

        StaleableView(ClusterSnapshot initial) {
            this.delegate = new InMemoryClusterView(initial);
        }

        void set(ClusterSnapshot snapshot) {
            delegate.set(snapshot);
        }

        @Override
        public ClusterSnapshot current() {
            return delegate.current();
        }

        @Override
        public AutoCloseable subscribe(Consumer<ClusterSnapshot> listener) {
            return delegate.subscribe(listener);
        }

        @Override
        public Duration staleness(long nowNanos) {
            return staleness;
        }
    }
}
