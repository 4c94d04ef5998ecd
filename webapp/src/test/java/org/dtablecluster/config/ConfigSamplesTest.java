package org.dtablecluster.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The files in {@code config-samples/} parse to what they say. */
class ConfigSamplesTest {

    private static final Path SAMPLES = samplesDirectory();
    private static final List<URI> ETCD = List.of(URI.create("http://etcd-01.example.com:2379"),
            URI.create("http://etcd-02.example.com:2379"), URI.create("http://etcd-03.example.com:2379"));

    /** Walks up from the module's directory (surefire's working directory) to the project root. */
    private static Path samplesDirectory() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("config-samples"))) {
                return dir.resolve("config-samples");
            }
        }
        throw new IllegalStateException("no config-samples/ above " + Path.of("").toAbsolutePath());
    }

    private static ClusterConfig load(String sample) {
        List<String> warnings = new ArrayList<>();
        ClusterConfig config = ClusterConfigLoader.load(SAMPLES.resolve(sample), warnings::add);
        assertEquals(List.of(), warnings, sample);
        return config;
    }

    @Test
    void proxySampleRunsProxyAndMonitor() {
        ClusterConfig config = load("dtable-server-proxy/dtable_server_config.json");

        assertEquals(Set.of(Role.PROXY, Role.MONITOR), config.roles());
        assertEquals(ETCD, config.etcd().endpoints());
        assertEquals(Optional.empty(), config.node());
    }

    @Test
    void nodeSamplesRunTheNodeRole() {
        for (String n : List.of("01", "02")) {
            ClusterConfig config = load("dtable-server-" + n + "/dtable_server_config.json");

            assertEquals(Set.of(Role.NODE), config.roles());
            assertEquals(ETCD, config.etcd().endpoints());
            NodeSettings node = config.node().orElseThrow();
            assertEquals("dtable-server-" + n, node.nodeId());
            assertEquals(URI.create("https://dtable-server-" + n + ".example.com/"), node.nodeUrl());
        }
        assertEquals(URI.create("http://172.17.30.94/"),
                load("dtable-server-01/dtable_server_config.json").node().orElseThrow().localNodeUrl());
        assertEquals(URI.create("http://172.17.30.95/"),
                load("dtable-server-02/dtable_server_config.json").node().orElseThrow().localNodeUrl());
    }

    @Test
    void manualSamplesKeepTheirComments() throws IOException {
        String text = Files.readString(SAMPLES.resolve("dtable-server-01/dtable_server_config.json"));

        assertTrue(text.contains("\"local_node_url\": \"http://172.17.30.94/\"  // intranet IP of dtable-server-01"));
    }

    @Test
    void fullSampleShowsEveryKeyAtItsDefault() throws IOException {
        ClusterConfig full = load("dtable_server_config.full.json");
        String text = Files.readString(SAMPLES.resolve("dtable_server_config.full.json"));

        for (String key : ConfigKey.keys()) {
            assertTrue(text.contains("\"" + key + "\":"), key + " missing from the full sample");
        }
        ClusterConfig minimal = ConfigAssertions.parse("\"etcd_host_list\": [\"etcd-01.example.com\","
                + " \"etcd-02.example.com\", \"etcd-03.example.com\"], \"node_id\": \"dtable-server-01\","
                + " \"node_url\": \"https://dtable-server-01.example.com/\", \"local_node_url\": \"http://172.17.30.94/\"");
        assertEquals(minimal.roles(), full.roles());
        assertEquals(minimal.etcd(), full.etcd());
        assertEquals(minimal.node().map(n -> n.withNodeStateDir(full.source().getParent())), full.node(),
                "node_state_dir defaults to the config file's directory");
        assertEquals(minimal.monitor(), full.monitor());
        assertEquals(minimal.proxy(), full.proxy());
        assertEquals(new ProxySettings(Duration.ofSeconds(60), Duration.ofSeconds(5)), full.proxy());
        assertEquals(Map.of(), full.monitor().strategyOptions());
    }

    @Test
    void readmeDocumentsEveryKey() throws IOException {
        String readme = Files.readString(SAMPLES.resolve("README.md"));

        for (String key : ConfigKey.keys()) {
            assertTrue(readme.contains("\n| `" + key + "` |"), key + " has no row in config-samples/README.md");
        }
    }
}
