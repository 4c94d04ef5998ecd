package org.dtablecluster.config;

import static org.dtablecluster.config.ConfigKey.ASSIGNMENT_STRATEGY;
import static org.dtablecluster.config.ConfigKey.AUTO_REBALANCE;
import static org.dtablecluster.config.ConfigKey.MAX_MOVES_PER_MINUTE;
import static org.dtablecluster.config.ConfigKey.REBALANCE_HOLD_OFF_SECONDS;
import static org.dtablecluster.config.ConfigKey.LOCAL_NODE_URL;
import static org.dtablecluster.config.ConfigKey.MONITOR_ELECTION_TTL_SECONDS;
import static org.dtablecluster.config.ConfigKey.MONITOR_INTERVAL_SECONDS;
import static org.dtablecluster.config.ConfigKey.MONITOR_REREGISTER_GRACE_SECONDS;
import static org.dtablecluster.config.ConfigKey.NODE_ID;
import static org.dtablecluster.config.ConfigKey.NODE_URL;
import static org.dtablecluster.config.ConfigKey.PROXY_RETRY_AFTER_SECONDS;
import static org.dtablecluster.config.ConfigKey.PROXY_TIMEOUT_SECONDS;
import static org.dtablecluster.config.ConfigKey.PROXY_UPSTREAM_IDLE_SECONDS;
import static org.dtablecluster.config.ConfigKey.STRATEGY_OPTIONS;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Text of a {@code dtable_server_config.json} in, {@link ClusterConfig} out. Unknown keys in
 * {@code cluster_config} are reported to {@code warnings}, before any error, since a misspelt key
 * often explains the error.
 */
public final class ClusterConfigParser {

    public static final String DEFAULT_STRATEGY = "sticky-balanced";

    private ClusterConfigParser() {
    }

    /**
     * @param source the file the text came from, for messages and {@link ClusterConfig#source()}
     * @throws ConfigException on the first problem found
     */
    public static ClusterConfig parse(Path source, String text, Consumer<String> warnings) {
        ConfigSection section = new ConfigSection(source, ClusterConfigJson.clusterConfig(source, text));
        for (String unknown : section.unknownKeys()) {
            String hint = KeySuggestions.closest(unknown, ConfigKey.keys())
                    .map(known -> " (did you mean \"" + known + "\"?)").orElse("");
            warnings.accept(section.warning(ConfigKey.SECTION + "." + unknown, "unknown key, ignored" + hint));
        }
        EtcdSettings etcd = EtcdSettingsParser.parse(section, warnings);
        Set<Role> roles = RolesParser.parse(section);
        if (!roles.contains(Role.NODE)) {
            for (ConfigKey key : List.of(NODE_ID, NODE_URL, LOCAL_NODE_URL)) {
                if (section.has(key)) {
                    warnings.accept(section.warning(key.path(), "ignored: roles does not include \"node\""));
                }
            }
        }
        Optional<NodeSettings> node = NodeSettingsParser.parse(section, roles.contains(Role.NODE));
        return new ClusterConfig(source, roles, etcd, node, monitor(section), proxy(section), TunnelSettings.parse(section),
                AdminSettingsParser.parse(section), HandoffSettings.parse(section));
    }

    private static MonitorSettings monitor(ConfigSection section) {
        return new MonitorSettings(
                section.seconds(MONITOR_INTERVAL_SECONDS, MonitorSettings.INTERVAL_DEFAULT,
                        MonitorSettings.INTERVAL_MIN, MonitorSettings.INTERVAL_MAX),
                section.seconds(MONITOR_ELECTION_TTL_SECONDS, MonitorSettings.ELECTION_TTL_DEFAULT,
                        MonitorSettings.ELECTION_TTL_MIN, MonitorSettings.ELECTION_TTL_MAX),
                section.seconds(MONITOR_REREGISTER_GRACE_SECONDS, MonitorSettings.REREGISTER_GRACE_DEFAULT,
                        MonitorSettings.REREGISTER_GRACE_MIN, MonitorSettings.REREGISTER_GRACE_MAX),
                strategy(section),
                strategyOptions(section),
                section.bool(AUTO_REBALANCE, MonitorSettings.AUTO_REBALANCE_DEFAULT),
                section.seconds(REBALANCE_HOLD_OFF_SECONDS, MonitorSettings.HOLD_OFF_DEFAULT,
                        MonitorSettings.HOLD_OFF_MIN, MonitorSettings.HOLD_OFF_MAX),
                section.integer(MAX_MOVES_PER_MINUTE, MonitorSettings.MAX_MOVES_DEFAULT,
                        MonitorSettings.MAX_MOVES_MIN, MonitorSettings.MAX_MOVES_MAX),
                section.seconds(ConfigKey.STRATEGY_TIMEOUT_SECONDS, MonitorSettings.STRATEGY_TIMEOUT_DEFAULT,
                        MonitorSettings.STRATEGY_TIMEOUT_MIN, MonitorSettings.STRATEGY_TIMEOUT_MAX),
                section.integer(ConfigKey.MAX_MOVES_PER_RUN, MonitorSettings.MAX_MOVES_PER_RUN_DEFAULT,
                        MonitorSettings.MAX_MOVES_PER_RUN_MIN, MonitorSettings.MAX_MOVES_PER_RUN_MAX));
    }

    private static String strategy(ConfigSection section) {
        String strategy = section.string(ASSIGNMENT_STRATEGY).orElse(DEFAULT_STRATEGY);
        if (!strategy.matches("[A-Za-z0-9._-]+")) {
            throw section.error(ASSIGNMENT_STRATEGY, "expected a strategy name (letters, digits, '.', '_', '-'),"
                    + " such as \"" + DEFAULT_STRATEGY + "\", got \"" + ConfigSection.shorten(strategy) + "\"");
        }
        return strategy;
    }

    /** Scalars only: a plugin receives its options as {@code Map<String, String>}. */
    private static Map<String, String> strategyOptions(ConfigSection section) {
        Optional<JsonNode> options = section.value(STRATEGY_OPTIONS);
        if (options.isEmpty()) {
            return Map.of();
        }
        if (!options.get().isObject()) {
            throw section.error(STRATEGY_OPTIONS, "expected an object such as {\"max_moves\": 32}, got "
                    + ConfigSection.describe(options.get()));
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> option : options.get().properties()) {
            JsonNode value = option.getValue();
            if (option.getKey().isBlank() || !value.isValueNode() || value.isNull()) {
                throw section.error(STRATEGY_OPTIONS.path() + "." + option.getKey(), "expected a non-empty name"
                        + " with a string, number or boolean value, got " + ConfigSection.describe(value));
            }
            result.put(option.getKey(), value.isBigDecimal() ? plain(value.decimalValue()) : value.asText());
        }
        return result;
    }

    /** {@code 1e3} as {@code 1000} and {@code 1.50} as {@code 1.5}; absurd exponents stay short. */
    private static String plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return Math.abs(stripped.scale()) <= 30 ? stripped.toPlainString() : stripped.toString();
    }

    private static ProxySettings proxy(ConfigSection section) {
        return new ProxySettings(
                section.seconds(PROXY_TIMEOUT_SECONDS, 60, 1, 3600),
                section.seconds(PROXY_RETRY_AFTER_SECONDS, 5, 1, 3600),
                section.seconds(PROXY_UPSTREAM_IDLE_SECONDS, (int) ProxySettings.DEFAULT_UPSTREAM_IDLE.toSeconds(), 1, 3600));
    }
}
