package org.dtablecluster.config;

import static org.dtablecluster.config.ConfigKey.ASSIGNMENT_HOOK_PATH;
import static org.dtablecluster.config.ConfigKey.HEALTH_CHECK_FAILURES;
import static org.dtablecluster.config.ConfigKey.HEALTH_CHECK_INTERVAL_SECONDS;
import static org.dtablecluster.config.ConfigKey.HEALTH_CHECK_PATH;
import static org.dtablecluster.config.ConfigKey.HEALTH_CHECK_TIMEOUT_SECONDS;
import static org.dtablecluster.config.ConfigKey.LEASE_TTL_SECONDS;
import static org.dtablecluster.config.ConfigKey.LOCAL_NODE_URL;
import static org.dtablecluster.config.ConfigKey.NODE_ID;
import static org.dtablecluster.config.ConfigKey.NODE_STATE_DIR;
import static org.dtablecluster.config.ConfigKey.NODE_URL;
import static org.dtablecluster.config.ConfigKey.NODE_WEIGHT;
import static org.dtablecluster.config.ConfigKey.NODE_ZONE;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.dtablecluster.view.NodeId;

/**
 * Reads {@link NodeSettings}. Every node key is validated even when the node role is off, so a
 * mistake never waits for the day the role is switched on.
 */
final class NodeSettingsParser {

    private static final BigDecimal MAX_WEIGHT = BigDecimal.valueOf(10_000);

    private NodeSettingsParser() {
    }

    static Optional<NodeSettings> parse(ConfigSection section, boolean nodeRole) {
        Optional<String> nodeId = section.string(NODE_ID).map(id -> nodeId(section, id));
        Optional<URI> nodeUrl = section.httpUrl(NODE_URL);
        Optional<URI> localNodeUrl = section.httpUrl(LOCAL_NODE_URL);
        Duration leaseTtl = section.seconds(LEASE_TTL_SECONDS, 90, 5, 3600);
        String healthCheckPath = section.urlPath(HEALTH_CHECK_PATH).orElse("/ping/");
        Duration healthCheckInterval = section.seconds(HEALTH_CHECK_INTERVAL_SECONDS, 10, 1, 3600);
        Duration healthCheckTimeout = section.seconds(HEALTH_CHECK_TIMEOUT_SECONDS, 5, 1, 300);
        int healthCheckFailures = section.integer(HEALTH_CHECK_FAILURES, 3, 1, 100);
        Optional<String> assignmentHookPath = section.urlPath(ASSIGNMENT_HOOK_PATH);
        Map<String, String> attributes = attributes(section);
        Path stateDir = stateDir(section);
        if (!nodeRole) {
            return Optional.empty();
        }
        String why = section.has(ConfigKey.ROLES)
                ? "required because roles includes \"node\"" : "required for a node (node_id is set)";
        return Optional.of(new NodeSettings(
                nodeId.orElseThrow(() -> section.missing(NODE_ID, why + ", such as \"dtable-server-01\"")),
                nodeUrl.orElseThrow(() -> section.missing(NODE_URL, why + ": the URL browsers use,"
                        + " such as \"https://dtable-server-01.example.com/\"")),
                localNodeUrl.orElseThrow(() -> section.missing(LOCAL_NODE_URL, why + ": the URL the proxy"
                        + " forwards to, such as \"http://172.17.30.94/\"")),
                leaseTtl, healthCheckPath, healthCheckInterval, healthCheckTimeout, healthCheckFailures,
                assignmentHookPath, attributes, Optional.of(stateDir)));
    }

    /** {@code node_state_dir}, relative to the config file's directory; that directory by default. */
    private static Path stateDir(ConfigSection section) {
        Path base = section.source().toAbsolutePath().getParent();
        Optional<String> dir = section.nonBlankString(NODE_STATE_DIR);
        if (dir.isEmpty()) {
            return base;
        }
        try {
            return base.resolve(dir.get()).normalize();
        } catch (InvalidPathException e) {
            throw section.error(NODE_STATE_DIR, "expected a directory path, such as \"/var/lib/dtable-cluster\", got \""
                    + ConfigSection.shorten(dir.get()) + "\"");
        }
    }

    private static String nodeId(ConfigSection section, String id) {
        if (!id.startsWith(NodeId.PREFIX) || id.length() == NodeId.PREFIX.length()) {
            throw section.error(NODE_ID, "expected an id starting with \"" + NodeId.PREFIX + "\" (dtable-web"
                    + " finds nodes by that prefix), such as \"dtable-server-01\", got \"" + ConfigSection.shorten(id) + "\"");
        }
        if (!NodeId.isPortable(id)) {
            throw section.error(NODE_ID, "expected only letters, digits, '.', '_' and '-' (it is an etcd key"
                    + " and part of URLs), such as \"dtable-server-01\", got \"" + ConfigSection.shorten(id) + "\"");
        }
        return id;
    }

    /** Extra registration fields: {@code weight} and {@code zone}. */
    private static Map<String, String> attributes(ConfigSection section) {
        Map<String, String> attributes = new HashMap<>();
        section.value(NODE_WEIGHT).ifPresent(weight -> attributes.put("weight", weight(section, weight)));
        section.nonBlankString(NODE_ZONE).ifPresent(zone -> attributes.put("zone", zone));
        return attributes;
    }

    private static String weight(ConfigSection section, JsonNode weight) {
        if (!weight.isNumber() || weight.decimalValue().signum() <= 0
                || weight.decimalValue().compareTo(MAX_WEIGHT) > 0) {
            throw section.error(NODE_WEIGHT, "expected a number greater than 0 and at most " + MAX_WEIGHT
                    + ", such as 2 or 1.5, got " + ConfigSection.describe(weight));
        }
        return weight.decimalValue().stripTrailingZeros().toPlainString();
    }
}
