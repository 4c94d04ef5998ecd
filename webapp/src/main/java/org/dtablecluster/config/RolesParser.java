package org.dtablecluster.config;

import static org.dtablecluster.config.ConfigKey.LOCAL_NODE_URL;
import static org.dtablecluster.config.ConfigKey.NODE_ID;
import static org.dtablecluster.config.ConfigKey.NODE_URL;
import static org.dtablecluster.config.ConfigKey.ROLES;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which roles this process runs: {@code roles} when given, else node when {@code node_id} is set
 * and proxy + monitor when it is not (the seed's proxy config has only {@code etcd_host_list}).
 */
final class RolesParser {

    private static final String EXPECTED = "expected \"node\", \"proxy\" or \"monitor\"";

    private RolesParser() {
    }

    static Set<Role> parse(ConfigSection section) {
        Optional<JsonNode> explicit = section.value(ROLES);
        if (explicit.isPresent()) {
            return explicit(section, explicit.get());
        }
        if (section.has(NODE_ID)) {
            return EnumSet.of(Role.NODE);
        }
        if (section.has(NODE_URL) || section.has(LOCAL_NODE_URL)) {
            // Without this, a node that lost its node_id would quietly start as a proxy and monitor.
            throw section.missing(NODE_ID, "node_url or local_node_url is set, so this is a node's"
                    + " configuration: add node_id, such as \"dtable-server-01\" (or remove node_url and"
                    + " local_node_url to run the proxy and monitor)");
        }
        return EnumSet.of(Role.PROXY, Role.MONITOR);
    }

    private static Set<Role> explicit(ConfigSection section, JsonNode list) {
        if (!list.isArray() || list.isEmpty()) {
            throw section.error(ROLES, "expected a non-empty array such as [\"proxy\", \"monitor\"], got "
                    + (list.isArray() ? "[]" : ConfigSection.describe(list)));
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (int i = 0; i < list.size(); i++) {
            JsonNode entry = list.get(i);
            Optional<Role> role = role(entry);
            if (role.isEmpty()) {
                throw section.error(ROLES.path() + "[" + i + "]", EXPECTED + ", got " + ConfigSection.describe(entry));
            }
            roles.add(role.get());
        }
        return roles;
    }

    private static Optional<Role> role(JsonNode entry) {
        if (!entry.isTextual()) {
            return Optional.empty();
        }
        String name = entry.textValue().strip().toUpperCase(Locale.ROOT);
        for (Role role : Role.values()) {
            if (role.name().equals(name)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
