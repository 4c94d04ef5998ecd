package org.dtablecluster.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.dtablecluster.config.NodeSettings;
import org.dtablecluster.view.NodeEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NodeRegistrationTest {

    private static final URI NODE_URL = URI.create("https://dtable-server-01.example.com/");
    private static final URI LOCAL_URL = URI.create("http://172.17.30.94/");

    @Test
    void writesWhatDtableWebReadsAndParsesItBack() {
        NodeRegistration r = new NodeRegistration("dtable-server-01", NODE_URL, LOCAL_URL,
                Map.of("zone", "a", "weight", "2"));
        String json = r.toJson();
        assertEquals("{\"node_id\":\"dtable-server-01\",\"node_url\":\"https://dtable-server-01.example.com/\","
                + "\"local_node_url\":\"http://172.17.30.94/\",\"weight\":\"2\",\"zone\":\"a\"}", json);
        assertEquals(r, NodeRegistration.parse("dtable-server-01", json));
    }

    @Test
    void entryCarriesEveryFieldAsText() {
        NodeRegistration r = NodeRegistration.parse("dtable-server-02",
                "{\"node_url\":\"https://n2/\",\"local_node_url\":\"http://10.0.0.2:8080/\",\"weight\":3,"
                        + "\"draining\":false,\"tags\":[\"a\"],\"gone\":null}");
        NodeEntry e = r.toEntry(42);
        assertEquals("dtable-server-02", e.nodeId());
        assertEquals(URI.create("http://10.0.0.2:8080/"), e.localNodeUrl());
        assertEquals(42, e.modRevision());
        assertEquals(Map.of("node_id", "dtable-server-02", "node_url", "https://n2/",
                "local_node_url", "http://10.0.0.2:8080/", "weight", "3", "draining", "false",
                "tags", "[\"a\"]"), e.attributes());
    }

    @Test
    void buildsFromNodeSettings() {
        NodeSettings s = new NodeSettings("dtable-server-03", NODE_URL, LOCAL_URL, Duration.ofSeconds(90), "/ping/",
                Duration.ofSeconds(5), Duration.ofSeconds(2), 3, Optional.empty(), Map.of("zone", "b"));
        NodeRegistration r = NodeRegistration.of(s, "1.2.3", Instant.parse("2026-11-23T10:00:00Z"));
        assertEquals(Map.of("zone", "b", "version", "1.2.3", "started_at", "2026-11-23T10:00:00Z"), r.extra());
        assertEquals("dtable-server-03", r.nodeId());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "not json",
        "[1,2]",
        "\"dtable-server-01\"",
        "{\"node_url\":\"https://n/\"}",
        "{\"local_node_url\":\"http://n/\"}",
        "{\"node_url\":\"ftp://n/\",\"local_node_url\":\"http://n/\"}",
        "{\"node_url\":\"/relative\",\"local_node_url\":\"http://n/\"}",
        "{\"node_url\":\"https://n/\",\"local_node_url\":\"http://exa mple/\"}",
        "{\"node_url\":\"https://n/\",\"local_node_url\":42}",
        "{\"node_id\":\"dtable-server-99\",\"node_url\":\"https://n/\",\"local_node_url\":\"http://n/\"}",
        "{\"node_url\":\"https://n/\",\"node_url\":\"https://m/\",\"local_node_url\":\"http://n/\"}"
    })
    void rejectsMalformedValuesWithAReason(String json) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NodeRegistration.parse("dtable-server-01", json));
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
    }

    @Test
    void extrasCannotShadowRequiredFields() {
        assertThrows(IllegalArgumentException.class,
                () -> new NodeRegistration("dtable-server-01", NODE_URL, LOCAL_URL, Map.of("node_url", "x")));
        assertThrows(IllegalArgumentException.class,
                () -> new NodeRegistration("server-01", NODE_URL, LOCAL_URL, Map.of()));
    }
}
