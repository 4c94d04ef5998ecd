package org.dtablecluster.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.dtablecluster.simulator.DtableServerSimulator;
import org.dtablecluster.testing.EtcdClusterExtension;
import org.dtablecluster.testing.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An admin password configured in etc/dtable-cluster-realm.properties, on the real jetty-home:
 * admin writes and Jolokia need it, Jolokia's policy still limits what an admin may run, a
 * rebalance through Jolokia moves exactly what its dry run planned, and a node process (the
 * real node agent, as the third node) is operable over Jolokia.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminPasswordEndToEndTest {

    @RegisterExtension
    static final EtcdClusterExtension ETCD = EtcdClusterExtension.builder().members(1).build();

    static final String MONITOR = "org.dtablecluster:type=Monitor";
    static final String NODE = "org.dtablecluster:type=Node,name=dtable-server-03";
    static final String REALM = """
            admin: s3cret, dtable-cluster-admin
            viewer: look, somebody-else
            """;

    @TempDir
    static Path work;

    static DtableServerSimulator one;
    static DtableServerSimulator two;
    static DtableServerSimulator three;
    static FakeNodes nodes;
    static JettyProcess proxy;
    static JettyProcess node;
    static AdminHttp anonymous;
    static AdminHttp admin;

    @BeforeAll
    static void startCluster() throws Exception {
        one = DtableServerSimulator.start("dtable-server-01");
        two = DtableServerSimulator.start("dtable-server-02");
        three = DtableServerSimulator.start("dtable-server-03");
        nodes = new FakeNodes(ETCD.newClient());
        nodes.register("dtable-server-01", one.uri());
        nodes.register("dtable-server-02", two.uri());
        proxy = withPassword(JettyProcess.prepare(work, "proxy", Clusters.proxyConfig(ETCD))).start();
        anonymous = AdminHttp.anonymous(proxy.adminUrl());
        admin = AdminHttp.as(proxy.adminUrl(), "admin", "s3cret");
        Poll.until(Duration.ofSeconds(30), () -> Clusters.owners(nodes).size() == 256, "all 256 buckets assigned");
    }

    @AfterAll
    static void stop() throws Exception {
        for (JettyProcess p : new JettyProcess[] {node, proxy}) {
            if (p != null) {
                p.close();
            }
        }
        one.close();
        two.close();
        three.close();
    }

    static JettyProcess withPassword(JettyProcess jetty) throws IOException {
        Files.writeString(jetty.base().resolve("etc/dtable-cluster-realm.properties"), REALM);
        return jetty;
    }

    @Test
    @Order(1)
    void rebalanceNeedsTheAdminPasswordNow() {
        HttpResponse<String> none = anonymous.post("/rebalance/", "");
        assertEquals(401, none.statusCode(), none.body());
        assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic realm=\"dtable-cluster\""));
        assertEquals(401, AdminHttp.as(proxy.adminUrl(), "admin", "wrong").post("/rebalance/", "").statusCode());
        assertEquals(403, AdminHttp.as(proxy.adminUrl(), "viewer", "look").post("/rebalance/", "").statusCode());

        HttpResponse<String> ok = admin.post("/rebalance/", "");
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals(0, AdminHttp.json(ok).get("moved").asInt(), "two nodes with 128 each are balanced");

        assertEquals(200, anonymous.get("/status").statusCode(), "reads of the admin port stay open");
        assertEquals(200, anonymous.get("/").statusCode());
    }

    @Test
    @Order(2)
    void jolokiaNeedsTheAdminAndItsPolicyLimitsEvenTheAdmin() {
        assertEquals(401, anonymous.get("/jolokia/read/" + MONITOR + "/Leader").statusCode());
        assertEquals(401, anonymous.get("/jolokia/exec/" + MONITOR + "/rebalance").statusCode());
        JsonNode leader = admin.read(MONITOR, "Leader");
        assertTrue(leader.get("value").asBoolean(), leader.toString());

        JsonNode gc = admin.exec("java.lang:type=Memory", "gc");
        assertEquals(403, gc.get("status").asInt(), gc.toString());
        JsonNode props = admin.read("java.lang:type=Runtime", "SystemProperties");
        assertEquals(403, props.get("status").asInt(), props.toString());
    }

    @Test
    @Order(3)
    void aRebalanceThroughJolokiaMovesWhatItsDryRunPlanned() throws Exception {
        node = withPassword(JettyProcess.prepare(work, "node",
                Clusters.nodeConfig(ETCD, "dtable-server-03", three.uri()))).start();
        Poll.until(Duration.ofSeconds(20), () -> liveNodes() == 3, "the proxy sees the node agent's dtable-server-03");
        assertEquals(Map.of("dtable-server-01", 128, "dtable-server-02", 128), nodes.counts());

        JsonNode planned = AdminHttp.JSON.readTree(admin.exec(MONITOR, "dryRunRebalance").get("value").asText());
        assertEquals("PLANNED", planned.get("outcome").asText(), planned.toString());
        assertEquals(85, planned.get("moves").size());
        assertEquals(Map.of("dtable-server-01", 128, "dtable-server-02", 128), nodes.counts(), "a dry run writes nothing");

        JsonNode exec = AdminHttp.json(admin.get("/jolokia/exec/" + MONITOR + "/rebalance"));
        assertEquals(200, exec.get("status").asInt(), exec.toString());
        JsonNode applied = AdminHttp.JSON.readTree(exec.get("value").asText());
        assertEquals("APPLIED", applied.get("outcome").asText(), applied.toString());
        assertEquals(planned.get("moves"), applied.get("moves"), "the rebalance made exactly the planned moves");
        assertEquals(planned.get("counts"), applied.get("counts"));

        Map<String, Integer> counts = nodes.counts();
        assertEquals(Map.of("dtable-server-01", 86, "dtable-server-02", 85, "dtable-server-03", 85), counts);
        Map<Integer, String> owners = Clusters.owners(nodes);
        for (JsonNode move : applied.get("moves")) {
            assertEquals(move.get("to").asText(), owners.get(Integer.parseInt(move.get("bucket").asText(), 16)),
                    move.toString());
        }
    }

    @Test
    @Order(4)
    void theNodeAgentIsVisibleAndOperableOverJolokia() {
        AdminHttp nodeAdmin = AdminHttp.as(node.adminUrl(), "admin", "s3cret");
        assertEquals("dtable-server-03", nodeAdmin.read(NODE, "NodeId").get("value").asText());
        assertTrue(nodeAdmin.read(NODE, "Registered").get("value").asBoolean());
        assertTrue(nodeAdmin.read(NODE, "LeaseId").get("value").asText().matches("[0-9a-f]+"));
        Poll.until(Duration.ofSeconds(10), () -> "HEALTHY".equals(
                nodeAdmin.read(NODE, "HealthProbeState").path("value").asText()), "the probe finds the simulator");
        Poll.until(Duration.ofSeconds(10), () -> nodeAdmin.read(NODE, "OwnedBucketCount").path("value").asInt() == 85,
                "the agent sees the 85 buckets etcd gives it");
        assertEquals(401, AdminHttp.anonymous(node.adminUrl()).get("/jolokia/exec/" + NODE + "/leave").statusCode());
        assertEquals(404, AdminHttp.anonymous(node.proxyUrl()).get("/status").statusCode(),
                "a node process keeps its admin endpoints off its other port too");

        String left = nodeAdmin.exec(NODE, "leave").get("value").asText();
        assertTrue(left.startsWith("registered=false claiming=false"), left);
        Poll.until(Duration.ofSeconds(10), () -> !Clusters.owners(nodes).containsValue("dtable-server-03")
                && Clusters.owners(nodes).size() == 256, "the monitor moves the buckets of the node that left");
        assertEquals(2, liveNodes());
        JsonNode status = AdminHttp.json(AdminHttp.anonymous(node.adminUrl()).get("/status")).get("node");
        assertFalse(status.get("registered").asBoolean(), status.toString());
        assertFalse(status.get("claiming").asBoolean());

        String rejoined = nodeAdmin.exec(NODE, "rejoin").get("value").asText();
        assertTrue(rejoined.startsWith("registered=true claiming=true lease="), rejoined);
        Poll.until(Duration.ofSeconds(10), () -> liveNodes() == 3, "dtable-server-03 is back");
    }

    private static int liveNodes() {
        JsonNode nodes = AdminHttp.json(anonymous.get("/status")).get("nodes");
        return (int) StreamSupport.stream(nodes.spliterator(), false).filter(n -> n.get("live").asBoolean()).count();
    }
}
