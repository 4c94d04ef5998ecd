package org.dtablecluster.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.dtablecluster.testing.EtcdClusterExtension;
import org.dtablecluster.testing.Poll;
import org.dtablecluster.tunnel.EchoOwner;
import org.dtablecluster.tunnel.RawHttp;
import org.dtablecluster.tunnel.TestSocket;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * WebSocket through the proxy as operators run it: the WAR on the real jetty-home, a real etcd,
 * the monitor assigning buckets, a node agent beside each WebSocket dtable-server. The
 * dtable-servers are {@link EchoOwner}s: they greet with {@code {"node_id", "dtable_uuid"}} and
 * echo; {@link #startOwner} is the one place to change to run these tests against another
 * WebSocket dtable-server with that behaviour.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebSocketEndToEndTest {

    @RegisterExtension
    static final EtcdClusterExtension ETCD = EtcdClusterExtension.builder().members(1).build();

    @TempDir
    static Path work;

    static final ObjectMapper JSON = new ObjectMapper();
    static EchoOwner one;
    static EchoOwner two;
    static JettyProcess agentOne;
    static JettyProcess agentTwo;
    static JettyProcess proxy;
    static Client etcd;
    static FakeNodes nodes;
    static WebSocketClient client;

    /** A WebSocket dtable-server for {@code nodeId}, owning whatever etcd gives it. */
    static EchoOwner startOwner(String nodeId) throws Exception {
        return EchoOwner.start(nodeId);
    }

    @BeforeAll
    static void startCluster() throws Exception {
        one = startOwner("dtable-server-01");
        two = startOwner("dtable-server-02");
        etcd = ETCD.newClient();
        nodes = new FakeNodes(etcd);
        agentOne = JettyProcess.prepare(work, "agent-01", Clusters.nodeConfig(ETCD, one.nodeId(), one.uri())).start();
        agentTwo = JettyProcess.prepare(work, "agent-02", Clusters.nodeConfig(ETCD, two.nodeId(), two.uri())).start();
        // Both registered before the monitor's first run, so it splits the buckets between them.
        Poll.until(Duration.ofSeconds(60), () -> registered(one.nodeId()) && registered(two.nodeId()),
                () -> "both nodes registered; agent log:\n" + agentOne.logTail(30));
        proxy = JettyProcess.prepare(work, "proxy", Clusters.proxyConfig(ETCD)).start();
        Poll.until(Duration.ofSeconds(60), () -> Clusters.owners(nodes).size() == 256
                && Clusters.owners(nodes).values().stream().distinct().count() == 2, "256 buckets on two nodes");
        client = TestSocket.newClient();
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.stop();
        }
        for (JettyProcess p : new JettyProcess[] {proxy, agentOne, agentTwo}) {
            if (p != null) {
                p.close();
            }
        }
        one.close();
        two.close();
    }

    static boolean registered(String nodeId) {
        try {
            return etcd.getKVClient().get(bytes(nodeId)).get(5, TimeUnit.SECONDS).getCount() == 1;
        } catch (Exception e) {
            return false;
        }
    }

    URI ws(String pathAndQuery) {
        return URI.create("ws://127.0.0.1:" + proxy.proxyPort() + pathAndQuery);
    }

    @Test
    @Order(1)
    void aClientReachesTheOwnerOfItsBaseInEveryBucketAndBothUuidForms() throws Exception {
        Map<Integer, String> owners = nodes.owners();
        for (int bucket : List.of(0x00, 0x3c, 0x7f, 0x80, 0xc4, 0xff)) {
            String dashed = FakeNodes.baseIn(bucket, 3);
            String hex = dashed.replace("-", "").toUpperCase();
            for (String path : List.of("/socket.io/?dtable_uuid=" + dashed + "&EIO=4&transport=websocket",
                    "/socket.io/?EIO=4&transport=websocket&dtable_uuid=" + hex, "/api/v1/dtables/" + hex + "/ws/")) {
                TestSocket socket = TestSocket.open(client, ws(path));
                JsonNode hello = JSON.readTree(socket.nextText());
                assertEquals(owners.get(bucket), hello.get("node_id").asText(), path);
                socket.send("ping " + path);
                assertEquals("ping " + path, socket.nextText());
                socket.close(1000, null);
                socket.awaitClose(Duration.ofSeconds(5));
            }
        }
    }

    @Test
    @Order(2)
    void aMegabyteAndTenThousandSmallMessagesPassIntactBothWays() throws Exception {
        TestSocket socket = TestSocket.open(client, ws("/socket.io/?dtable_uuid=" + FakeNodes.baseIn(0x42, 1)));
        socket.nextText();
        byte[] megabyte = new byte[1 << 20];
        new Random(7).nextBytes(megabyte);
        socket.send(megabyte);
        assertArrayEquals(megabyte, socket.nextBinary());
        String text = "x".repeat(1 << 20);
        socket.send(text);
        assertEquals(text, socket.nextText());
        for (int i = 0; i < 10_000; i++) {
            socket.send("{\"n\":" + i + "}");
        }
        for (int i = 0; i < 10_000; i++) {
            assertEquals("{\"n\":" + i + "}", socket.nextText());
        }
        socket.close(1000, null);
    }

    @Test
    @Order(3)
    void aBucketMovedInEtcdClosesItsTunnelsWith1012AndTheReconnectReachesTheNewOwner() throws Exception {
        int bucket = 0x5d;
        String base = FakeNodes.baseIn(bucket, 1);
        String from = nodes.owners().get(bucket);
        String to = from.equals(one.nodeId()) ? two.nodeId() : one.nodeId();
        TestSocket socket = TestSocket.open(client, ws("/socket.io/?dtable_uuid=" + base));
        assertEquals(from, JSON.readTree(socket.nextText()).get("node_id").asText());
        TestSocket other = TestSocket.open(client, ws("/socket.io/?dtable_uuid=" + FakeNodes.baseIn(bucket + 1, 1)));
        other.nextText();

        etcd.getKVClient().put(bytes("assign-5d"), bytes(to)).get(5, TimeUnit.SECONDS);
        assertEquals(1012, socket.awaitClose(Duration.ofSeconds(10)).code());
        TestSocket again = TestSocket.open(client, ws("/socket.io/?dtable_uuid=" + base));
        assertEquals(to, JSON.readTree(again.nextText()).get("node_id").asText());
        assertTrue(other.isOpen(), "the next bucket's tunnel stays open");
        again.close(1000, null);
        other.close(1000, null);
    }

    @Test
    @Order(4)
    void malformedUpgradesAndBasesWithoutAnOwnerGetJsonErrors() throws Exception {
        RawHttp.Answer bad = RawHttp.exchange(proxy.proxyPort(), RawHttp.upgrade("/api/v1/dtables/not-a-uuid/", ""));
        assertJsonError(bad, 400, "bad_base_id");
        RawHttp.Answer malformed = RawHttp.exchange(proxy.proxyPort(), "GET /socket.io/?dtable_uuid="
                + FakeNodes.baseIn(1, 1) + " HTTP/1.1\nHost: x\nUpgrade: websocket\nConnection: Upgrade\n");
        assertJsonError(malformed, 400, "bad_upgrade");

        // A bucket whose assign key names a node that is not live, until the monitor repairs it.
        AtomicReference<RawHttp.Answer> seen = new AtomicReference<>();
        Poll.until(Duration.ofSeconds(20), () -> {
            try {
                etcd.getKVClient().put(bytes("assign-e1"), bytes("dtable-server-99")).get(5, TimeUnit.SECONDS);
                RawHttp.Answer answer = RawHttp.exchange(proxy.proxyPort(),
                        RawHttp.upgrade("/socket.io/?dtable_uuid=" + FakeNodes.baseIn(0xe1, 1), ""));
                seen.set(answer);
                return answer.status() == 503;
            } catch (Exception e) {
                return false;
            }
        }, () -> "no 503 for a bucket without a live owner; last answer " + seen.get());
        assertJsonError(seen.get(), 503, "no_owner");
        assertTrue(seen.get().headers().containsKey("retry-after"), seen.get().toString());
    }

    @Test
    @Order(5)
    void killingTheOwnersServerClosesItsTunnelsAndTheReconnectAfterTheFailoverWorks() throws Exception {
        int bucket = 0x21;
        String base = FakeNodes.baseIn(bucket, 1);
        String victim = nodes.owners().get(bucket);
        EchoOwner dying = victim.equals(one.nodeId()) ? one : two;
        String survivor = dying == one ? two.nodeId() : one.nodeId();
        TestSocket socket = TestSocket.open(client, ws("/socket.io/?dtable_uuid=" + base));
        assertEquals(victim, JSON.readTree(socket.nextText()).get("node_id").asText());

        dying.close();
        int code = socket.awaitClose(Duration.ofSeconds(30)).code();
        assertTrue(code == 1011 || code == 1001, "close code " + code);

        AtomicReference<String> reached = new AtomicReference<>();
        Poll.until(Duration.ofSeconds(60), () -> {
            try {
                TestSocket again = TestSocket.open(client, ws("/socket.io/?dtable_uuid=" + base));
                reached.set(JSON.readTree(again.nextText()).get("node_id").asText());
                again.close(1000, null);
                return true;
            } catch (Exception e) {
                return false;
            }
        }, "a reconnect after the failover");
        assertEquals(survivor, reached.get());
        AdminHttp admin = AdminHttp.anonymous(proxy.adminUrl());
        JsonNode closed = AdminHttp.json(admin.get("/status")).get("proxy").get("tunnels").get("closed");
        assertTrue(closed.get("bucket_moved").asLong() >= 1, closed.toString());
        assertTrue(closed.get("relay_failed").asLong() + closed.get("owner_lost").asLong() >= 1, closed.toString());
        JsonNode jmx = admin.read("org.dtablecluster:type=Proxy", "TunnelsClosedByReason").get("value");
        assertEquals(closed.get("bucket_moved").asLong(), jmx.get("bucket_moved").asLong(), jmx.toString());
    }

    private static void assertJsonError(RawHttp.Answer answer, int status, String code) throws Exception {
        assertEquals(status, answer.status(), answer.toString());
        assertTrue(answer.headers().getOrDefault("content-type", "").startsWith("application/json"), answer.toString());
        assertEquals(code, JSON.readTree(answer.body()).get("error").asText(), answer.body());
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, UTF_8);
    }
}
