package org.dtablecluster.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.dtablecluster.example.FirstNodesStrategy;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.spi.AssignmentRequest;
import org.dtablecluster.spi.NodeInfo;
import org.dtablecluster.spi.RunKind;
import org.dtablecluster.testing.EtcdClusterExtension;
import org.dtablecluster.testing.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Assignment-strategy plugins on the real jetty-home: the example plugin's jar, dropped into the
 * jetty-base's plugin folder and named in {@code assignment_strategy}, assigns the buckets in
 * etcd by its own rule; an unknown name and two copies of one plugin stop Jetty with a message
 * an operator can act on; and the plugin folder stays off the server's class path.
 */
class PluginEndToEndTest {

    @RegisterExtension
    static final EtcdClusterExtension etcd = EtcdClusterExtension.builder().members(1).build();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> NODES = List.of("dtable-server-e2e-c", "dtable-server-e2e-a", "dtable-server-e2e-b");
    private static final Map<String, String> OPTIONS = Map.of("nodes", "2");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path work;

    private Client client;
    private final List<JettyProcess> jettys = new ArrayList<>();

    @BeforeEach
    void connect() {
        etcd.deleteAllKeys();
        client = etcd.newClient();
    }

    @AfterEach
    void stop() {
        jettys.forEach(JettyProcess::close);
        client.close();
    }

    @Test
    void theExamplePluginFromThePluginFolderAssignsTheBuckets() throws Exception {
        registerNodes();
        JettyProcess jetty = proxy("""
                "assignment_strategy": "example-first-nodes", "strategy_options": {"nodes": 2},""");
        Path jar = dropExamplePlugin(jetty, "dtable-cluster-strategy-example.jar");
        jetty.start();

        // What the strategy itself answers for these nodes, called directly: the monitor's first
        // run starts from no assign keys and sees all three nodes.
        List<NodeInfo> live = NODES.stream().map(NodeInfo::of).toList();
        Assignment expected = new FirstNodesStrategy().assign(
                AssignmentRequest.of(Assignment.unassigned(256), live, OPTIONS, RunKind.REPAIR));
        assertEquals(Map.of("dtable-server-e2e-a", 128, "dtable-server-e2e-b", 128), expected.bucketCounts(),
                "the example's rule: the first two nodes by name, round-robin; -c holds nothing");
        Poll.until(WAIT, () -> assignment().isComplete(), () -> "a complete assignment in etcd: " + assignment()
                + "\n" + jetty.logTail(40));
        assertEquals(expected, assignment());

        String log = jetty.log();
        assertTrue(log.contains("assignment strategy 'example-first-nodes': " + FirstNodesStrategy.class.getName()
                + " (from " + jar.toUri().toURL() + "), plugin"), log);
        assertTrue(log.contains("assignment strategy 'weighted': "), "the built-ins are listed too:\n" + log);
        assertTrue(log.contains("strategy=example-first-nodes"), log);

        jetty.close();
        assertTrue(jetty.log().contains("closed the plugin class loader"), jetty.logTail(30));
    }

    @Test
    void anUnknownStrategyStopsJettyListingTheNamesAvailable() throws Exception {
        JettyProcess jetty = proxy("""
                "assignment_strategy": "first-nodes",""");
        dropExamplePlugin(jetty, "dtable-cluster-strategy-example.jar");

        int exit = jetty.runToExit(Duration.ofSeconds(60));

        String log = jetty.log();
        assertNotEquals(0, exit, log);
        assertTrue(log.contains("assignment_strategy 'first-nodes' is not installed; available: "
                + "example-first-nodes, rendezvous, sticky-balanced, weighted"), log);
    }

    @Test
    void twoCopiesOfAPluginStopJettyNamingBothJars() throws Exception {
        JettyProcess jetty = proxy("""
                "assignment_strategy": "example-first-nodes",""");
        Path first = dropExamplePlugin(jetty, "example-1.0.jar");
        Path second = dropExamplePlugin(jetty, "example-1.1.jar");

        int exit = jetty.runToExit(Duration.ofSeconds(60));

        String log = jetty.log();
        assertNotEquals(0, exit, log);
        assertTrue(log.contains("two jars provide assignment strategy class " + FirstNodesStrategy.class.getName()
                + ": " + second + " and the plugin " + first + "; remove one of them"), log);
    }

    @Test
    void pluginJarsAreNotOnTheServerClassPath() throws Exception {
        JettyProcess jetty = proxy("");
        dropExamplePlugin(jetty, "dtable-cluster-strategy-example.jar");
        Process listConfig = new ProcessBuilder(JettyProcess.javaBin(), "-jar",
                JettyProcess.jettyHome().resolve("start.jar").toString(), "jetty.base=" + jetty.base(), "--list-config")
                .directory(jetty.base().toFile()).redirectErrorStream(true).start();
        String out = new String(listConfig.getInputStream().readAllBytes(), UTF_8);
        assertTrue(listConfig.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, listConfig.exitValue(), out);
        assertTrue(out.contains("dtable.cluster.plugins.dir = " + jetty.base().resolve("lib/dtable-cluster-plugins")),
                "start.d sets the folder, with ${jetty.base} expanded:\n" + out);
        assertTrue(out.contains("Classpath: ee10"), out);
        assertFalse(out.contains("dtable-cluster-strategy-example.jar"), "the jar must not be on a class path:\n" + out);
    }

    private JettyProcess proxy(String strategyKeys) {
        String endpoints = String.join("\", \"", etcd.clientEndpoints().stream().map(Object::toString).toList());
        JettyProcess jetty = JettyProcess.prepare(work, "proxy", """
                {"cluster_config": {"etcd_host_list": ["%s"], %s
                  "monitor_interval_seconds": 1, "monitor_reregister_grace_seconds": 0}}"""
                .formatted(endpoints, strategyKeys));
        jettys.add(jetty);
        return jetty;
    }

    private static Path dropExamplePlugin(JettyProcess jetty, String fileName) throws IOException {
        Path built = Path.of(Objects.requireNonNull(System.getProperty("dtable.cluster.example.plugin"),
                "system property dtable.cluster.example.plugin is not set: run the end-to-end tests with Maven"));
        return Files.copy(built, jetty.base().resolve("lib/dtable-cluster-plugins").resolve(fileName));
    }

    /** Registers {@link #NODES} as the node role would, under a lease that outlives the test. */
    private void registerNodes() throws Exception {
        long lease = client.getLeaseClient().grant(120).get(5, TimeUnit.SECONDS).getID();
        for (String id : NODES) {
            String json = JSON.writeValueAsString(Map.of("node_id", id, "node_url", "https://" + id + ".example.com/",
                    "local_node_url", "http://127.0.0.1:9/" + id + "/"));
            client.getKVClient().put(bytes(id), bytes(json), PutOption.builder().withLeaseId(lease).build())
                    .get(5, TimeUnit.SECONDS);
        }
    }

    private Assignment assignment() {
        Assignment.Builder b = Assignment.builder(256);
        try {
            for (KeyValue kv : client.getKVClient().get(bytes("assign-"), GetOption.builder().isPrefix(true).build())
                    .get(5, TimeUnit.SECONDS).getKvs()) {
                String key = kv.getKey().toString(UTF_8);
                b.set(Integer.parseInt(key.substring("assign-".length()), 16), kv.getValue().toString(UTF_8));
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the assign keys", e);
        }
        return b.build();
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, UTF_8);
    }
}
