package org.dtablecluster.config;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.dtablecluster.config.ConfigAssertions.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterConfigLoaderTest {

    private static final Function<String, String> NONE = name -> null;

    @TempDir
    Path dir;

    private static ConfigException loadFails(Function<String, String> environment) {
        return assertThrows(ConfigException.class,
                () -> ClusterConfigLoader.load(NONE, NONE, environment, warning -> { }));
    }

    private static Function<String, String> env(Path file) {
        return Map.of("DTABLE_SERVER_CONFIG", file.toString())::get;
    }

    @Test
    void loadsTheFileNamedByTheEnvironmentAndReportsWarnings() throws IOException {
        Path file = Files.writeString(dir.resolve("dtable_server_config.json"),
                "{\"cluster_config\": {\"etcd_host_list\": [\"etcd-01\"], \"lease_ttl\": 5}}");
        List<String> warnings = new ArrayList<>();

        ClusterConfig config = ClusterConfigLoader.load(NONE, NONE, env(file), warnings::add);

        assertEquals(file, config.source());
        assertEquals(Set.of(Role.PROXY, Role.MONITOR), config.roles());
        assertEquals(List.of("Configuration file " + file + ": cluster_config.lease_ttl: unknown key, ignored"
                + " (did you mean \"lease_ttl_seconds\"?)"), warnings);
    }

    @Test
    void loadsAGivenPath() throws IOException {
        Path file = Files.writeString(dir.resolve("c.json"), "{\"cluster_config\": {\"etcd_host_list\": [\"e\"]}}");

        assertEquals(file, ClusterConfigLoader.load(file, warning -> { }).source());
    }

    @Test
    void errorsInTheFileNameTheFile() throws IOException {
        Path file = Files.writeString(dir.resolve("c.json"), "{\"cluster_config\": {\"etcd_host_list\": []}}");

        assertMessage(loadFails(env(file)), file, "cluster_config.etcd_host_list", "got []");
    }

    @Test
    void missingFileSaysWhoNamedIt() {
        Path file = dir.resolve("nowhere.json");

        assertMessage(loadFails(env(file)), file, null,
                "does not exist (named by environment variable DTABLE_SERVER_CONFIG)");
    }

    @Test
    void directoryIsNotAFile() throws IOException {
        assertMessage(loadFails(env(dir)), dir, null, "is a directory, expected a file");

        Path inside = Files.writeString(dir.resolve("dtable_server_config.json"), "{}");
        assertMessage(loadFails(env(dir)), dir, null, "did you mean " + inside + "?");
    }

    @Test
    void unreadableFileIsNamed() throws IOException {
        Path file = Files.writeString(dir.resolve("secret.json"), "{}");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        Assumptions.assumeFalse(Files.isReadable(file), "running as root: permissions do not block reads");

        assertMessage(loadFails(env(file)), file, null, "cannot be read: permission denied");
    }

    @Test
    void nonUtf8FileIsNamed() throws IOException {
        Path file = Files.write(dir.resolve("latin1.json"),
                "{\"cluster_config\": {\"node_zone\": \"M\u00fcnchen\"}}".getBytes(ISO_8859_1));

        assertMessage(loadFails(env(file)), file, null, "is not UTF-8 text");
    }

    @Test
    void hugeFileIsRefusedUnread() throws IOException {
        Path file = Files.write(dir.resolve("big.log"), new byte[(1 << 20) + 1]);

        assertMessage(loadFails(env(file)), file, null, "is larger than 1 MiB");
    }

    @Test
    void utf8TextIsKept() throws IOException {
        Path file = Files.write(dir.resolve("c.json"), ("{\"cluster_config\": {\"etcd_host_list\": [\"e\"],"
                + " \"roles\": [\"proxy\"], \"strategy_options\": {\"city\": \"M\u00fcnchen\"}}}").getBytes(UTF_8));

        assertEquals("M\u00fcnchen", ClusterConfigLoader.load(file, warning -> { }).monitor().strategyOptions().get("city"));
    }
}
