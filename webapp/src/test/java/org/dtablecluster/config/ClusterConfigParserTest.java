package org.dtablecluster.config;

import static org.dtablecluster.config.ConfigAssertions.ETCD;
import static org.dtablecluster.config.ConfigAssertions.NODE;
import static org.dtablecluster.config.ConfigAssertions.SOURCE;
import static org.dtablecluster.config.ConfigAssertions.assertRejected;
import static org.dtablecluster.config.ConfigAssertions.parse;
import static org.dtablecluster.config.ConfigAssertions.warnings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ClusterConfigParserTest {

    @Test
    void proxyConfigGetsEveryDefault() {
        ClusterConfig config = parse(ETCD);

        assertEquals(SOURCE, config.source());
        assertEquals(Set.of(Role.PROXY, Role.MONITOR), config.roles());
        assertEquals(Optional.empty(), config.node());
        assertEquals(new EtcdSettings(List.of(URI.create("http://etcd-01:2379")), "", Optional.empty(),
                Optional.empty(), Duration.ofSeconds(5)), config.etcd());
        assertEquals(new MonitorSettings(Duration.ofSeconds(30), Duration.ofSeconds(15), Duration.ofSeconds(30),
                "sticky-balanced", Map.of()), config.monitor());
        assertEquals(new ProxySettings(Duration.ofSeconds(60), Duration.ofSeconds(5)), config.proxy());
    }

    @Test
    void nodeConfigGetsNodeDefaults() {
        ClusterConfig config = parse(NODE);

        assertEquals(Set.of(Role.NODE), config.roles());
        assertEquals(new NodeSettings("dtable-server-01", URI.create("https://dtable-server-01.example.com/"),
                URI.create("http://172.17.30.94/"), Duration.ofSeconds(90), "/ping/", Duration.ofSeconds(10),
                Duration.ofSeconds(5), 3, Optional.empty(), Map.of())
                .withNodeStateDir(SOURCE.toAbsolutePath().getParent()), config.node().orElseThrow());
    }

    @Test
    void nodeStateDirIsRelativeToTheConfigFile() {
        assertEquals(Optional.of(SOURCE.toAbsolutePath().getParent().resolve("state/nodes").normalize()),
                parse(NODE + ", \"node_state_dir\": \"state/nodes\"").node().orElseThrow().nodeStateDir());
        assertEquals(Optional.of(java.nio.file.Path.of("/var/lib/dtable-cluster")),
                parse(NODE + ", \"node_state_dir\": \"/var/lib/dtable-cluster\"").node().orElseThrow()
                        .nodeStateDir());
    }

    @Test
    void everyOptionalKeyIsRead() {
        ClusterConfig config = parse(NODE + """
                , "key_prefix": "team-a/", "etcd_user": "root", "etcd_password": "s3cret",
                "etcd_connect_timeout_seconds": 7, "lease_ttl_seconds": 30, "health_check_path": "/health",
                "health_check_interval_seconds": 2, "health_check_timeout_seconds": 1, "health_check_failures": 5,
                "assignment_hook_path": "/hook/", "node_weight": 1.50, "node_zone": "rack-a",
                "monitor_interval_seconds": 60, "monitor_election_ttl_seconds": 20,
                "monitor_reregister_grace_seconds": 0, "assignment_strategy": "round-robin",
                "strategy_options": {"max_moves": 32, "spread": true, "mode": "fast", "ratio": 0.250, "big": 1e3},
                "proxy_timeout_seconds": 120, "proxy_retry_after_seconds": 9
                """);

        EtcdSettings etcd = config.etcd();
        assertEquals("team-a/", etcd.keyPrefix());
        assertEquals(Optional.of("root"), etcd.user());
        assertEquals(Optional.of("s3cret"), etcd.password());
        assertEquals(Duration.ofSeconds(7), etcd.connectTimeout());
        NodeSettings node = config.node().orElseThrow();
        assertEquals(Duration.ofSeconds(30), node.leaseTtl());
        assertEquals("/health", node.healthCheckPath());
        assertEquals(Duration.ofSeconds(2), node.healthCheckInterval());
        assertEquals(Duration.ofSeconds(1), node.healthCheckTimeout());
        assertEquals(5, node.healthCheckFailures());
        assertEquals(Optional.of("/hook/"), node.assignmentHookPath());
        assertEquals(Map.of("weight", "1.5", "zone", "rack-a"), node.attributes());
        assertEquals(new MonitorSettings(Duration.ofSeconds(60), Duration.ofSeconds(20), Duration.ZERO, "round-robin",
                Map.of("max_moves", "32", "spread", "true", "mode", "fast", "ratio", "0.25", "big", "1000")), config.monitor());
        assertEquals(new ProxySettings(Duration.ofSeconds(120), Duration.ofSeconds(9)), config.proxy());
    }

    @Test
    void nullMeansLeftOut() {
        ClusterConfig config = parse(ETCD + ", \"lease_ttl_seconds\": null, \"node_zone\": null, \"roles\": null");

        assertEquals(Set.of(Role.PROXY, Role.MONITOR), config.roles());
        assertEquals(Duration.ofSeconds(60), config.proxy().timeout());
    }

    @Test
    void passwordNeverAppearsInToStringOrMessages() {
        ClusterConfig config = parse(ETCD + ", \"etcd_user\": \"root\", \"etcd_password\": \"s3cret\"");
        assertFalse(config.toString().contains("s3cret"), config.toString());

        ConfigException e = assertRejected(ETCD + ", \"etcd_user\": \"root\", \"etcd_password\": 987654",
                "cluster_config.etcd_password", "expected a string, got a number");
        assertFalse(e.getMessage().contains("987654"), e.getMessage());
    }

    // --- roles

    @Test
    void explicitRolesOverrideTheDerivation() {
        assertEquals(Set.of(Role.PROXY), parse(ETCD + ", \"roles\": [\"proxy\"]").roles());
        ClusterConfig all = parse(NODE + ", \"roles\": [\"node\", \"Proxy\", \"MONITOR\"]");
        assertEquals(Set.of(Role.NODE, Role.PROXY, Role.MONITOR), all.roles());
        assertTrue(all.node().isPresent());
    }

    @Test
    void nodeIdWithoutTheNodeRoleIsWarnedAboutAndIgnored() {
        List<String> warnings = warnings(NODE + ", \"roles\": [\"monitor\"]");

        assertEquals(3, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("Configuration file " + SOURCE + ": cluster_config.node_id: ignored"),
                warnings.get(0));
        assertTrue(warnings.get(0).contains("roles does not include \"node\""), warnings.get(0));
    }

    @Test
    void nodeRoleNeedsItsKeys() {
        assertRejected(ETCD + ", \"roles\": [\"node\"]", "cluster_config.node_id",
                "missing", "roles includes \"node\"", "dtable-server-01");
        assertRejected(ETCD + ", \"node_id\": \"dtable-server-01\", \"local_node_url\": \"http://10.0.0.1/\"",
                "cluster_config.node_url", "missing", "node_id is set", "the URL browsers use");
        assertRejected(ETCD + ", \"node_id\": \"dtable-server-01\", \"node_url\": \"http://a.example.com/\"",
                "cluster_config.local_node_url", "missing", "node_id is set", "the URL the proxy forwards to");
    }

    @Test
    void nodeUrlWithoutNodeIdIsRefusedRatherThanRunAsProxy() {
        assertRejected(ETCD + ", \"node_url\": \"https://a.example.com/\", \"local_node_url\": \"http://10.0.0.1/\"",
                "cluster_config.node_id", "missing", "add node_id");
    }

    @Test
    void misspeltRequiredKeyIsPointedAt() {
        assertRejected(ETCD + ", \"node_url\": \"https://a.example.com/\", \"local_node_url\": \"http://10.0.0.1/\","
                + " \"node_ld\": \"dtable-server-01\"", "cluster_config.node_id", "found \"node_ld\": misspelt?");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "[]                   | cluster_config.roles    | expected a non-empty array such as | got []",
        "\"node\"             | cluster_config.roles    | expected a non-empty array such as | got the string \"node\"",
        "[\"proxy\", \"web\"] | cluster_config.roles[1] | expected \"node\", \"proxy\" or \"monitor\" | got the string \"web\"",
        "[\"proxy\", 1]       | cluster_config.roles[1] | expected \"node\", \"proxy\" or \"monitor\" | got 1",
    })
    void badRolesAreRefused(String roles, String key, String expected, String got) {
        assertRejected(ETCD + ", \"roles\": " + roles, key, expected, got);
    }

    // --- node keys

    @ParameterizedTest
    @ValueSource(strings = {"server-01", "dtable-server-", "dtable-db-01", "Dtable-server-01", ""})
    void nodeIdMustStartWithDtableServer(String nodeId) {
        assertRejected(NODE.replace("dtable-server-01\",", nodeId + "\","), "cluster_config.node_id",
                "expected an id starting with \"dtable-server-\"", "got \"" + nodeId + "\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dtable-server-01/x", "dtable-server-ü", "dtable-server-0 1", "dtable-server-01?"})
    void nodeIdMustBeSafeInKeysAndUrls(String nodeId) {
        assertRejected(NODE.replace("dtable-server-01\",", nodeId + "\","), "cluster_config.node_id",
                "expected only letters, digits, '.', '_' and '-'");
    }

    @Test
    void nodeIdTypeIsChecked() {
        assertRejected(NODE.replace("\"dtable-server-01\",", "1,"), "cluster_config.node_id",
                "expected a string, got 1");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ftp://a.example.com/         | the scheme must be http or https",
        "a.example.com                | the scheme must be http or https",
        "/relative/                   | the scheme must be http or https",
        "http:///nohost               | no valid host name",
        "http://under_score.example/  | no valid host name",
        "http://a.example.com:70000/  | port must be from 1 to 65535",
        "http://user:pw@a.example.com/ | must not contain user:password@",
        "http://a.example.com/?x=1    | must not have a query or fragment",
        "http://a b/                  | Illegal character",
    })
    void nodeUrlsMustBeHttpUrlsWithAHost(String url, String reason) {
        assertRejected(NODE.replace("https://dtable-server-01.example.com/", url), "cluster_config.node_url",
                "expected an http:// or https:// URL with a host", "got \"" + url + "\"", reason);
        assertRejected(NODE.replace("http://172.17.30.94/", url), "cluster_config.local_node_url",
                "expected an http:// or https:// URL with a host", reason);
    }

    @Test
    void nodeUrlsAreKeptAsWritten() {
        NodeSettings node = parse(NODE.replace("http://172.17.30.94/", "HTTP://[::1]:8000/dtable-server"))
                .node().orElseThrow();
        assertEquals("HTTP://[::1]:8000/dtable-server", node.localNodeUrl().toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "health_check_path    | ping/   | it must start with a single \"/\"",
        "health_check_path    | //ping/ | it must start with a single \"/\"",
        "assignment_hook_path | /a b    | Illegal character",
        "assignment_hook_path | /hook#x | must not contain \"#\"",
    })
    void pathsMustBeAbsoluteUrlPaths(String key, String path, String reason) {
        assertRejected(NODE + ", \"" + key + "\": \"" + path + "\"", "cluster_config." + key,
                "expected a URL path such as \"/ping/\"", "got \"" + path + "\"", reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "10001", "\"2\"", "true"})
    void nodeWeightMustBeAPositiveNumber(String weight) {
        assertRejected(NODE + ", \"node_weight\": " + weight, "cluster_config.node_weight",
                "expected a number greater than 0 and at most 10000");
    }

    @Test
    void nodeZoneMustNotBeBlank() {
        assertRejected(NODE + ", \"node_zone\": \" \"", "cluster_config.node_zone",
                "expected a non-empty string");
    }

    @Test
    void nodeKeysAreValidatedEvenWithoutTheNodeRole() {
        assertRejected(ETCD + ", \"lease_ttl_seconds\": 1", "cluster_config.lease_ttl_seconds",
                "from 5 to 3600");
    }

    // --- numbers

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "etcd_connect_timeout_seconds     | 0    | 1 to 300 (default 5)",
        "etcd_connect_timeout_seconds     | 301  | 1 to 300 (default 5)",
        "lease_ttl_seconds                | 4    | 5 to 3600 (default 90)",
        "lease_ttl_seconds                | 3601 | 5 to 3600 (default 90)",
        "health_check_interval_seconds    | 0    | 1 to 3600 (default 10)",
        "health_check_timeout_seconds     | 0    | 1 to 300 (default 5)",
        "monitor_interval_seconds         | 0    | 1 to 3600 (default 30)",
        "monitor_election_ttl_seconds     | 4    | 5 to 300 (default 15)",
        "monitor_reregister_grace_seconds | -1   | 0 to 3600 (default 30)",
        "proxy_timeout_seconds            | 0    | 1 to 3600 (default 60)",
        "proxy_retry_after_seconds        | 3601 | 1 to 3600 (default 5)",
    })
    void secondsOutOfRangeAreRefused(String key, String value, String range) {
        assertRejected(ETCD + ", \"" + key + "\": " + value, "cluster_config." + key,
                "expected a whole number of seconds from " + range + ", got " + value);
    }

    @Test
    void healthCheckFailuresMustBeAtLeastOne() {
        assertRejected(ETCD + ", \"health_check_failures\": 0", "cluster_config.health_check_failures",
                "expected a whole number from 1 to 100 (default 3), got 0");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"90\"          | got the string \"90\"",
        "90.5            | got 90.5",
        "true            | got true",
        "[90]            | got an array",
        "{}              | got an object",
        "99999999999999  | got 99999999999999",
    })
    void secondsMustBeWholeJsonNumbers(String value, String got) {
        assertRejected(ETCD + ", \"lease_ttl_seconds\": " + value, "cluster_config.lease_ttl_seconds",
                "expected a whole number of seconds from 5 to 3600", got);
    }

    // --- etcd

    @Test
    void etcdHostListIsRequired() {
        assertRejected("\"node_id\": \"dtable-server-01\"", "cluster_config.etcd_host_list",
                "missing: required", "[\"etcd-01.example.com:2379\"]");
    }

    @Test
    void misspeltEtcdHostListIsPointedAt() {
        assertRejected("\"etcd_hosts_list\": [\"etcd-01\"]", "cluster_config.etcd_host_list",
                "missing", "found \"etcd_hosts_list\": misspelt?");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "[]                  | got []",
        "\"etcd-01:2379\"    | got the string \"etcd-01:2379\"",
        "{}                  | got an object",
    })
    void etcdHostListMustBeANonEmptyArray(String value, String got) {
        assertRejected("\"etcd_host_list\": " + value, "cluster_config.etcd_host_list",
                "expected a non-empty array of etcd servers", got);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"\"                   | got \"\": it is empty",
        "\"etcd-02:99999\"      | got \"etcd-02:99999\": the port must be a number from 1 to 65535",
        "\"etcd-02:\"           | the port must be a number from 1 to 65535",
        "\"etcd-02:abc\"        | the port must be a number from 1 to 65535",
        "2379                   | got 2379",
        "null                   | got null",
    })
    void badEtcdEntriesAreNamedByIndex(String entry, String reason) {
        assertRejected("\"etcd_host_list\": [\"etcd-01:2379\", " + entry + "]", "cluster_config.etcd_host_list[1]",
                "expected host, host:port or http(s)://host:port", reason);
    }

    @Test
    void duplicateEtcdEntriesAreWarnedAboutAndDropped() {
        List<String> warnings = new ArrayList<>();
        ClusterConfig config = ClusterConfigParser.parse(SOURCE, ConfigAssertions.section(
                "\"etcd_host_list\": [\"etcd-01\", \"http://etcd-01:2379/\"]"), warnings::add);

        assertEquals(List.of(URI.create("http://etcd-01:2379")), config.etcd().endpoints());
        assertEquals(List.of("Configuration file " + SOURCE
                + ": cluster_config.etcd_host_list[1]: http://etcd-01:2379 is listed twice"), warnings);
    }

    @Test
    void etcdCredentialsComeInPairs() {
        assertRejected(ETCD + ", \"etcd_user\": \"root\"", "cluster_config.etcd_password",
                "missing: etcd_user is set, so etcd_password is required too");
        assertRejected(ETCD + ", \"etcd_password\": \"x\"", "cluster_config.etcd_user",
                "missing: etcd_password is set, so etcd_user is required too");
        assertRejected(ETCD + ", \"etcd_user\": \"\", \"etcd_password\": \"x\"", "cluster_config.etcd_user",
                "expected a non-empty string");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dtable-server-x/", "assign-", "dtable-cluster/a/"})
    void keyPrefixMustNotCollideWithRootKeys(String prefix) {
        assertRejected(ETCD + ", \"key_prefix\": \"" + prefix + "\"", "cluster_config.key_prefix",
                "must not start with \"dtable-server-\", \"assign-\" or \"dtable-cluster/\"", "got \"" + prefix + "\"");
    }

    @Test
    void keyPrefixCharactersAreRestricted() {
        assertRejected(ETCD + ", \"key_prefix\": \"team a\"", "cluster_config.key_prefix",
                "expected only letters, digits, '.', '_', '-' and '/'");
        assertEquals("/seatable/", parse(ETCD + ", \"key_prefix\": \"/seatable/\"").etcd().keyPrefix());
    }

    // --- monitor

    @Test
    void strategyNameIsChecked() {
        assertRejected(ETCD + ", \"assignment_strategy\": \"sticky balanced\"", "cluster_config.assignment_strategy",
                "expected a strategy name", "got \"sticky balanced\"");
        assertRejected(ETCD + ", \"assignment_strategy\": 3", "cluster_config.assignment_strategy",
                "expected a string, got 3");
    }

    @Test
    void strategyOptionsMustBeScalars() {
        assertRejected(ETCD + ", \"strategy_options\": []", "cluster_config.strategy_options",
                "expected an object", "got an array");
        assertRejected(ETCD + ", \"strategy_options\": {\"a\": 1, \"nested\": {\"b\": 2}}",
                "cluster_config.strategy_options.nested", "string, number or boolean value, got an object");
        assertRejected(ETCD + ", \"strategy_options\": {\"a\": null}",
                "cluster_config.strategy_options.a", "got null");
    }

    // --- unknown keys

    @Test
    void unknownKeysAreWarnedAboutWithTheClosestKnownKey() {
        List<String> warnings = warnings(ETCD + ", \"lease_ttl\": 30, \"helth_check_path\": \"/ping/\","
                + " \"Node_Zone\": \"a\", \"colour\": \"blue\"");

        assertEquals(List.of(
                "Configuration file " + SOURCE + ": cluster_config.lease_ttl: unknown key, ignored"
                        + " (did you mean \"lease_ttl_seconds\"?)",
                "Configuration file " + SOURCE + ": cluster_config.helth_check_path: unknown key, ignored"
                        + " (did you mean \"health_check_path\"?)",
                "Configuration file " + SOURCE + ": cluster_config.Node_Zone: unknown key, ignored"
                        + " (did you mean \"node_zone\"?)",
                "Configuration file " + SOURCE + ": cluster_config.colour: unknown key, ignored"), warnings);
    }

    @Test
    void unknownKeysAreWarnedAboutBeforeAnError() {
        List<String> warnings = new ArrayList<>();
        ConfigException e = assertThrows(ConfigException.class,
                () -> ClusterConfigParser.parse(SOURCE, ConfigAssertions.section("\"etcd_host\": [\"a\"]"),
                        warnings::add));

        assertEquals(Optional.of("cluster_config.etcd_host_list"), e.key());
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("cluster_config.etcd_host: unknown key"), warnings.get(0));
    }
}
