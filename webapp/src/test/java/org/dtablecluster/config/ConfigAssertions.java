package org.dtablecluster.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Parses config text the way the loader does and checks error messages. */
final class ConfigAssertions {

    static final Path SOURCE = Path.of("/etc/seatable/dtable_server_config.json");
    static final String ETCD = "\"etcd_host_list\": [\"etcd-01:2379\"]";
    static final String NODE = ETCD + ", \"node_id\": \"dtable-server-01\","
            + " \"node_url\": \"https://dtable-server-01.example.com/\", \"local_node_url\": \"http://172.17.30.94/\"";

    private ConfigAssertions() {
    }

    /** Parses {@code {"cluster_config": {<body>}}}; fails on any warning. */
    static ClusterConfig parse(String body) {
        List<String> warnings = new ArrayList<>();
        ClusterConfig config = ClusterConfigParser.parse(SOURCE, section(body), warnings::add);
        assertEquals(List.of(), warnings, "warnings");
        return config;
    }

    static List<String> warnings(String body) {
        List<String> warnings = new ArrayList<>();
        ClusterConfigParser.parse(SOURCE, section(body), warnings::add);
        return warnings;
    }

    static String section(String body) {
        return "{\"cluster_config\": {" + body + "}}";
    }

    /** Asserts the body is refused with a message naming the file, {@code key} and each fragment. */
    static ConfigException assertRejected(String body, String key, String... fragments) {
        return assertRejectedText(section(body), key, fragments);
    }

    static ConfigException assertRejectedText(String text, String key, String... fragments) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ClusterConfigParser.parse(SOURCE, text, warning -> { }));
        assertMessage(e, SOURCE, key, fragments);
        return e;
    }

    static void assertMessage(ConfigException e, Path file, String key, String... fragments) {
        String message = e.getMessage();
        assertTrue(message.startsWith("Configuration file " + file + ": "), message);
        assertEquals(key, e.key().orElse(null), message);
        if (key != null) {
            assertTrue(message.contains(": " + key + ": "), message);
        }
        for (String fragment : fragments) {
            assertTrue(message.contains(fragment), () -> "expected \"" + fragment + "\" in: " + message);
        }
        assertTrue(!message.contains("\n"), "one line: " + message);
    }
}
