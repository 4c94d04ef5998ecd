package org.dtablecluster.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.dtablecluster.simulator.DtableServerSimulator;
import org.dtablecluster.testing.EtcdClusterExtension;
import org.dtablecluster.testing.Poll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two proxies on the real jetty-home, each with its monitor: {@code POST /rebalance/} on the one
 * that does not lead is carried out and answered by the leader; a pinned bucket stays through a
 * rebalance and through a change of leader; a leader that is stopped gracefully hands over by
 * resigning, long before its election lease would run out.
 */
class LeaderChangeEndToEndTest {

    @RegisterExtension
    static final EtcdClusterExtension ETCD = EtcdClusterExtension.builder().members(1).build();

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int ELECTION_TTL_SECONDS = 15;
    private static final String ONE = "dtable-server-01";
    private static final String TWO = "dtable-server-02";
    private static final String THREE = "dtable-server-03";

    @TempDir
    Path work;

    @Test
    void aFollowerPassesRebalanceToTheLeaderAndAPinOutlivesAGracefulLeaderStop() throws Exception {
        FakeNodes nodes = new FakeNodes(ETCD.newClient());
        try (DtableServerSimulator one = DtableServerSimulator.start(ONE);
                DtableServerSimulator two = DtableServerSimulator.start(TWO);
                DtableServerSimulator three = DtableServerSimulator.start(THREE)) {
            nodes.register(ONE, one.uri());
            nodes.register(TWO, two.uri());
            try (JettyProcess first = proxy("proxy-a").start()) {
                AdminHttp a = AdminHttp.anonymous(first.adminUrl());
                Poll.until(WAIT, () -> leads(a), "the first proxy's monitor leads");
                Poll.until(WAIT, () -> counts(nodes).equals(Map.of(ONE, 128, TWO, 128)), () -> "assigned: " + counts(nodes));
                String firstId = status(a).get("monitor").get("instance_id").asText();
                try (JettyProcess second = proxy("proxy-b").start()) {
                    AdminHttp b = AdminHttp.anonymous(second.adminUrl());
                    Poll.until(WAIT, () -> firstId.equals(status(b).path("leader").asText()), "the second follows the first");
                    assertFalse(status(b).get("monitor").get("leader").asBoolean());

                    nodes.register(THREE, three.uri());
                    Poll.until(WAIT, () -> status(a).get("nodes").size() == 3 && status(b).get("nodes").size() == 3,
                            "both see the third node");
                    HttpResponse<String> rebalanced = b.send("POST", "/rebalance/", null);
                    assertEquals(200, rebalanced.statusCode(), rebalanced.body());
                    assertEquals(firstId, AdminHttp.json(rebalanced).get("leader").asText(), rebalanced.body());
                    assertEquals(Optional.of(firstId), rebalanced.headers().firstValue("X-Dtable-Cluster-Leader"));
                    assertTrue(AdminHttp.json(rebalanced).get("moved").asInt() >= 85, rebalanced.body());
                    Poll.until(WAIT, () -> counts(nodes).getOrDefault(THREE, 0) >= 85,
                            () -> "the leader gave the third node its share: " + counts(nodes));

                    int bucket = 0x3f;
                    String target = THREE.equals(Clusters.owners(nodes).get(bucket)) ? ONE : THREE;
                    HttpResponse<String> pinned = a.send("PUT", "/buckets/3f/pin", "{\"node_id\": \"" + target + "\"}");
                    assertEquals(200, pinned.statusCode(), pinned.body());
                    Poll.until(WAIT, () -> target.equals(Clusters.owners(nodes).get(bucket)), "moved to its pin");
                    assertEquals(200, b.send("POST", "/rebalance/", null).statusCode());
                    assertEquals(target, Clusters.owners(nodes).get(bucket), "the pin survives a rebalance");
                    Poll.until(WAIT, () -> target.equals(status(b).get("pins").path("3f").asText()),
                            "the follower reads the pin");

                    // watched from another thread: close() returns only once the old leader's JVM has ended
                    CompletableFuture<Long> ledAt = CompletableFuture.supplyAsync(() -> awaitLeading(b));
                    long t0 = System.nanoTime();
                    first.close(); // SIGTERM: Jetty's orderly stop, as systemd stops it
                    Duration handover = Duration.ofNanos(ledAt.get(WAIT.toSeconds(), TimeUnit.SECONDS) - t0);
                    assertTrue(leads(b), "the second proxy's monitor leads");
                    System.out.printf("graceful stop of the leading proxy on jetty-home: the other led %d ms after "
                            + "the SIGTERM (election TTL %d s)%n", handover.toMillis(), ELECTION_TTL_SECONDS);
                    assertTrue(handover.compareTo(Duration.ofSeconds(ELECTION_TTL_SECONDS)) < 0,
                            "handed over by resigning, not by the election lease running out: " + handover);
                    assertTrue(first.log().contains("resigned leadership"),
                            "the stopped leader says it resigned:\n" + first.logTail(30));

                    HttpResponse<String> again = b.send("POST", "/rebalance/", null);
                    assertEquals(200, again.statusCode(), again.body());
                    assertEquals(target, Clusters.owners(nodes).get(bucket), "the pin survives the change of leader");
                    assertEquals(target, status(b).get("pins").get("3f").asText());
                    assertEquals(200, b.send("DELETE", "/buckets/3f/pin", null).statusCode());
                }
            }
        }
    }

    /** A proxy + monitor whose admin port is published to the other proxies as a loopback URL. */
    private JettyProcess proxy(String name) throws Exception {
        JettyProcess p = JettyProcess.prepare(work, name, "{}");
        Files.writeString(p.base().resolve("etc/dtable_server_config.json"), """
                {"cluster_config": {
                  "etcd_host_list": %s,
                  "monitor_interval_seconds": 2,
                  "monitor_reregister_grace_seconds": 1,
                  "monitor_election_ttl_seconds": %d,
                  "auto_rebalance": false,
                  "admin_advertise_url": "http://127.0.0.1:%d/"
                }}""".formatted(Clusters.endpoints(ETCD), ELECTION_TTL_SECONDS, p.adminPort()),
                StandardCharsets.UTF_8);
        return p;
    }

    private static JsonNode status(AdminHttp admin) {
        return AdminHttp.json(admin.get("/status"));
    }

    private static boolean leads(AdminHttp admin) {
        try {
            return status(admin).get("monitor").get("leader").asBoolean();
        } catch (RuntimeException e) {
            return false; // not answering yet
        }
    }

    /** Polls until {@code admin}'s monitor leads; answers when (System.nanoTime) it first did. */
    private static long awaitLeading(AdminHttp admin) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!leads(admin) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return System.nanoTime();
    }

    private static Map<String, Integer> counts(FakeNodes nodes) {
        try {
            return nodes.counts();
        } catch (Exception e) {
            return Map.of("cannot read etcd: " + e, 0);
        }
    }
}
