package org.dtablecluster.config;

import static org.dtablecluster.config.ConfigAssertions.SOURCE;
import static org.dtablecluster.config.ConfigAssertions.assertRejectedText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClusterConfigJsonTest {

    private static ClusterConfig parseText(String text) {
        List<String> warnings = new ArrayList<>();
        ClusterConfig config = ClusterConfigParser.parse(SOURCE, text, warnings::add);
        assertEquals(List.of(), warnings);
        return config;
    }

    @Test
    void commentsOfBothKindsAreAllowed() {
        ClusterConfig config = parseText("""
                /* header */
                {
                  // dtable-server's own settings come first
                  "host": "0.0.0.0", "port": 5000,
                  "cluster_config": {
                    "etcd_host_list": ["etcd-01:2379"],  // domain of etcd servers
                    /* ids */ "node_id": "dtable-server-01",
                    "node_url": "https://a.example.com/", "local_node_url": "http://10.0.0.1/"
                  }
                }
                """);

        assertEquals("dtable-server-01", config.node().orElseThrow().nodeId());
    }

    @Test
    void trailingCommasAreAccepted() {
        ClusterConfig config = parseText("""
                {"cluster_config": {"etcd_host_list": ["etcd-01", "etcd-02",], "roles": ["proxy"],},}
                """);

        assertEquals(2, config.etcd().endpoints().size());
        assertEquals(Set.of(Role.PROXY), config.roles());
    }

    @Test
    void otherTopLevelKeysAreIgnoredWhateverTheyHold() {
        ClusterConfig config = parseText("""
                {"redis": {"host": "redis", "nested": [1, {"x": null}], "cluster_config": 1},
                 "cluster_config": {"etcd_host_list": ["etcd-01"]}, "log_level": "info", "port": 5000}
                """);

        assertEquals(Set.of(Role.PROXY, Role.MONITOR), config.roles());
    }

    @Test
    void byteOrderMarkIsSkipped() {
        assertEquals(1, parseText("\uFEFF{\"cluster_config\": {\"etcd_host_list\": [\"e\"]}}").etcd().endpoints().size());
    }

    @Test
    void brokenJsonNamesLineAndColumn() {
        ConfigException e = assertRejectedText("""
                {
                  "cluster_config": {
                    "etcd_host_list": ["etcd-01:2379"]
                    "node_id": "dtable-server-01"
                  }
                }
                """, null, "not valid JSON at line 4, column 5", "was expecting comma");

        assertTrue(e.getMessage().startsWith("Configuration file " + SOURCE + ": not valid JSON"), e.getMessage());
    }

    @Test
    void unclosedObjectIsBrokenJson() {
        assertRejectedText("{\"cluster_config\": {\"etcd_host_list\": [\"e\"]}", null,
                "not valid JSON at line 1", "end-of-input");
    }

    @Test
    void singleQuotesAreBrokenJson() {
        assertRejectedText("{'cluster_config': {}}", null, "not valid JSON at line 1, column 2");
    }

    @Test
    void syntaxErrorsOutsideClusterConfigStillCount() {
        assertRejectedText("{\"cluster_config\": {\"etcd_host_list\": [\"e\"]}, \"port\": 50 00}", null,
                "not valid JSON at line 1");
    }

    @Test
    void emptyFileIsRefused() {
        assertRejectedText("  // nothing here\n", null, "expected a JSON object with a \"cluster_config\" key, got an empty file");
    }

    @Test
    void topLevelMustBeAnObject() {
        assertRejectedText("[1, 2]", null, "expected a JSON object with a \"cluster_config\" key, got an array");
    }

    @Test
    void contentAfterTheObjectIsRefused() {
        assertRejectedText("{\"cluster_config\": {\"etcd_host_list\": [\"e\"]}} {}", null,
                "unexpected content after the top-level object at line 1");
    }

    @Test
    void missingClusterConfigIsAnError() {
        assertRejectedText("{\"port\": 5000}", "cluster_config", "missing: expected a top-level \"cluster_config\" object");
    }

    @Test
    void misspeltClusterConfigIsPointedAt() {
        assertRejectedText("{\"cluster-config\": {\"etcd_host_list\": [\"e\"]}}", "cluster_config",
                "missing", "found \"cluster-config\": misspelt?");
    }

    @Test
    void clusterConfigMustBeAnObject() {
        assertRejectedText("{\"cluster_config\": [\"etcd-01\"]}", "cluster_config", "expected an object, got an array");
        assertRejectedText("{\"cluster_config\": null}", "cluster_config", "expected an object, got null");
    }

    @Test
    void repeatedClusterConfigIsAnError() {
        assertRejectedText("{\"cluster_config\": {\"etcd_host_list\": [\"e\"]},\n \"cluster_config\": {}}",
                "cluster_config", "appears twice at line 2", "keep one");
    }

    @Test
    void repeatedKeyInsideClusterConfigIsAnError() {
        assertRejectedText("""
                {"cluster_config": {
                  "etcd_host_list": ["e"],
                  "node_id": "dtable-server-01",
                  "node_id": "dtable-server-02"
                }}
                """, "cluster_config.node_id", "appears twice (lines 3 and 4); keep one");
    }

    @Test
    void repeatedKeyInsideANestedValueIsAnError() {
        assertRejectedText("{\"cluster_config\": {\"etcd_host_list\": [\"e\"], \"strategy_options\": {\"a\": 1, \"a\": 2}}}",
                "cluster_config.strategy_options", "has the key \"a\" twice at line 1", "keep one");
    }
}
