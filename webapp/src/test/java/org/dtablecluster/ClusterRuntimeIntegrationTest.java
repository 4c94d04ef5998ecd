package org.dtablecluster;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.GetOption;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dtablecluster.config.ClusterConfigParser;
import org.dtablecluster.monitor.RebalanceResult;
import org.dtablecluster.testing.EtcdClusterExtension;
import org.dtablecluster.testing.EtcdMember;
import org.dtablecluster.testing.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole cluster as the WAR runs it, minus Jetty: each node and the proxy is a
 * {@link ClusterRuntime} started from a parsed {@code dtable_server_config.json}, against a real
 * three-member etcd. Each node probes a small HTTP server standing in for its dtable-server.
 */
class ClusterRuntimeIntegrationTest {

    @RegisterExtension
    static final EtcdClusterExtension ETCD = EtcdClusterExtension.builder().members(3).build();

    private static final int TTL = 5;
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private Client reader;

    @BeforeEach
    void cleanEtcd() {
        ETCD.deleteAllKeys();
        reader = ETCD.newClient();
    }

    @AfterEach
    void closeAll() throws Exception {
        Collections.reverse(cleanup);
        for (AutoCloseable c : cleanup) {
            c.close();
        }
    }

    @Test
    void killingOneOfThreeEtcdMembersLosesNoRegistrationAndTheMonitorKeepsWorking() throws Exception {
        Health one = health();
        Health two = health();
        node("dtable-server-01", one);
        node("dtable-server-02", two);
        ClusterRuntime proxy = proxy(5);
        Poll.until(WAIT, () -> counts().equals(Map.of("dtable-server-01", 128, "dtable-server-02", 128)),
                () -> "128/128, have " + counts());

        EtcdMember leader = ETCD.awaitLeader(WAIT);
        leader.kill();
        // Longer than a lease TTL: a registration whose keepAlive stopped would be gone by now.
        long until = System.nanoTime() + Duration.ofSeconds(TTL + 2).toNanos();
        while (System.nanoTime() < until) {
            assertEquals(List.of("dtable-server-01", "dtable-server-02"), registered(), "registrations after killing "
                    + leader);
            Thread.sleep(250);
        }

        node("dtable-server-03", health());
        Poll.until(WAIT, () -> registered().size() == 3, () -> "third node registered: " + registered());
        Poll.until(WAIT, () -> proxy.monitor().orElseThrow().isLeader(), "the monitor leads again");
        RebalanceResult result = rebalanceWhenReady(proxy);
        assertEquals(RebalanceResult.Outcome.APPLIED, result.outcome(), result.toString());
        assertEquals(85, result.moves().size(), result.toString());
        assertEquals(Map.of("dtable-server-01", 86, "dtable-server-02", 85, "dtable-server-03", 85), counts());
    }

    @Test
    void afterAWholeEtcdOutageOfTwoTtlsEveryNodeIsBackAndNoBucketChangedOwner() throws Exception {
        node("dtable-server-01", health());
        node("dtable-server-02", health());
        proxy(10);
        Poll.until(WAIT, () -> owners().size() == 256, () -> "all assigned, have " + counts());
        Map<Integer, String> before = owners();

        ETCD.killAll();
        Thread.sleep(Duration.ofSeconds(2L * TTL).toMillis());
        ETCD.startAll();
        ETCD.awaitHealthy(WAIT);
        long back = System.nanoTime();

        // The test's own client reconnects with gRPC's backoff too: a read that fails is "not yet".
        Poll.until(Duration.ofSeconds(40), () -> {
            try {
                return registered().size() == 2;
            } catch (IllegalStateException notReachableYet) {
                return false;
            }
        }, "both nodes registered again after the outage");
        System.out.printf("[outage] both nodes registered again %d ms after etcd returned%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - back));
        // Watch the keys past the grace and a few monitor intervals: nothing may move.
        long until = System.nanoTime() + Duration.ofSeconds(12).toNanos();
        while (System.nanoTime() < until) {
            assertEquals(before, owners(), "assignment after the outage");
            Thread.sleep(300);
        }
    }

    @Test
    void aFailingHealthCheckMovesItsBucketsAndItsRecoveryRegistersItAgain() throws Exception {
        Health one = health();
        node("dtable-server-01", one);
        node("dtable-server-02", health());
        ClusterRuntime proxy = proxy(5);
        Poll.until(WAIT, () -> counts().equals(Map.of("dtable-server-01", 128, "dtable-server-02", 128)),
                () -> "128/128, have " + counts());

        one.status.set(500);
        Poll.until(WAIT, () -> registered().equals(List.of("dtable-server-02")), () -> "01 deregistered: "
                + registered());
        Poll.until(Duration.ofSeconds(3), () -> counts().equals(Map.of("dtable-server-02", 256)),
                () -> "01's buckets moved: " + counts());

        one.status.set(200);
        Poll.until(WAIT, () -> registered().size() == 2, () -> "01 registered again: " + registered());
        // the monitor plans from its view, which follows etcd a moment later
        Poll.until(WAIT, () -> proxy.view().current().liveNodes().size() == 2, "the proxy's view shows 01 again");
        RebalanceResult result = rebalanceWhenReady(proxy);
        assertEquals(128, result.moves().size(), result.toString());
        assertEquals(Map.of("dtable-server-01", 128, "dtable-server-02", 128), counts());
    }

    private RebalanceResult rebalanceWhenReady(ClusterRuntime proxy) {
        RebalanceResult[] last = new RebalanceResult[1];
        Poll.until(WAIT, () -> {
            last[0] = proxy.monitor().orElseThrow().rebalance();
            return last[0].outcome() != RebalanceResult.Outcome.NOT_READY;
        }, () -> "rebalance: " + last[0]);
        return last[0];
    }

    private ClusterRuntime node(String nodeId, Health health) {
        return start("""
                {"cluster_config": {"etcd_host_list": %s, "node_id": "%s",
                  "node_url": "https://%s.example.com/", "local_node_url": "%s",
                  "lease_ttl_seconds": %d, "health_check_interval_seconds": 1, "health_check_timeout_seconds": 1,
                  "health_check_failures": 2}}""".formatted(endpoints(), nodeId, nodeId, health.url(), TTL));
    }

    private ClusterRuntime proxy(int graceSeconds) {
        return start("""
                {"cluster_config": {"etcd_host_list": %s, "monitor_interval_seconds": 1,
                  "monitor_election_ttl_seconds": 5, "monitor_reregister_grace_seconds": %d}}"""
                .formatted(endpoints(), graceSeconds));
    }

    private ClusterRuntime start(String json) {
        ClusterRuntime runtime = ClusterRuntime.start(ClusterConfigParser.parse(Path.of("test.json"), json, w -> {
            throw new AssertionError("config warning: " + w);
        }));
        cleanup.add(runtime);
        return runtime;
    }

    private static String endpoints() {
        StringBuilder b = new StringBuilder("[");
        for (URI u : ETCD.clientEndpoints()) {
            b.append(b.length() > 1 ? "," : "").append('"').append(u).append('"');
        }
        return b.append(']').toString();
    }

    private Health health() throws Exception {
        Health h = new Health();
        cleanup.add(h);
        return h;
    }

    private List<String> registered() {
        return get("dtable-server-").keySet().stream().toList();
    }

    private Map<Integer, String> owners() {
        Map<Integer, String> owners = new TreeMap<>();
        get("assign-").forEach((k, v) -> owners.put(Integer.parseInt(k.substring("assign-".length()), 16), v));
        return owners;
    }

    private Map<String, Integer> counts() {
        Map<String, Integer> counts = new TreeMap<>();
        owners().values().forEach(o -> counts.merge(o, 1, Integer::sum));
        return counts;
    }

    /** Keys and values under {@code prefix}, read from whichever members are up. */
    private Map<String, String> get(String prefix) {
        try {
            Map<String, String> kvs = new TreeMap<>();
            reader.getKVClient().get(ByteSequence.from(prefix, UTF_8), GetOption.builder().isPrefix(true).build())
                    .get(5, TimeUnit.SECONDS).getKvs()
                    .forEach(kv -> kvs.put(kv.getKey().toString(UTF_8), kv.getValue().toString(UTF_8)));
            return kvs;
        } catch (Exception e) {
            throw new IllegalStateException("reading " + prefix + " from etcd", e);
        }
    }

    /** A dtable-server's /ping/ whose answer the test switches. */
    private static final class Health implements AutoCloseable {
        final AtomicInteger status = new AtomicInteger(200);
        private final HttpServer server;

        Health() throws Exception {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                byte[] body = "pong".getBytes(UTF_8);
                exchange.sendResponseHeaders(status.get(), body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
