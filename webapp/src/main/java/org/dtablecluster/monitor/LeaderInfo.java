package org.dtablecluster.monitor;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.dtablecluster.json.Json;

/**
 * What a candidate publishes as its election key's value: its instance id and where its admin
 * port is reachable, so a proxy that does not lead can hand an admin write to the one that does.
 * The value is JSON {@code {"id": ..., "admin_url": ...}}; a plain string (what earlier versions
 * wrote) is read as an id without an admin URL.
 *
 * @param id the instance id, {@code host:pid} by default
 * @param adminUrl the admin port's base URL, ending in {@code /}; empty when not published
 */
public record LeaderInfo(String id, Optional<String> adminUrl) {

    public LeaderInfo {
        requireNonNull(id, "id is null");
        requireNonNull(adminUrl, "adminUrl is null");
        if (id.isBlank()) {
            throw new IllegalArgumentException("id must not be blank");
        }
        adminUrl = adminUrl.map(u -> u.endsWith("/") ? u : u + "/");
    }

    public static LeaderInfo of(String id, String adminUrlOrNull) {
        return new LeaderInfo(id, Optional.ofNullable(adminUrlOrNull));
    }

    String encode() {
        ObjectNode o = Json.object();
        o.put("id", id);
        adminUrl.ifPresent(u -> o.put("admin_url", u));
        return o.toString();
    }

    /** Reads an election value; never throws: an unreadable value is taken as a plain id. */
    static LeaderInfo decode(String value) {
        requireNonNull(value, "value is null");
        if (value.startsWith("{")) {
            try {
                JsonNode n = Json.MAPPER.readTree(value);
                JsonNode id = n.get("id");
                if (id != null && id.isTextual() && !id.asText().isBlank()) {
                    JsonNode url = n.get("admin_url");
                    return of(id.asText(), url != null && url.isTextual() && !url.asText().isBlank()
                            ? url.asText() : null);
                }
            } catch (java.io.IOException e) {
                // not ours: fall through and show it as it is
            }
        }
        return of(value.isBlank() ? "(blank)" : value, null);
    }
}
