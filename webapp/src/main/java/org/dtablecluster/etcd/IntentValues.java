package org.dtablecluster.etcd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Optional;
import org.dtablecluster.json.Json;
import org.dtablecluster.view.NodeId;
import org.dtablecluster.view.OperatorIntent.Drain;

/**
 * The values under {@code dtable-cluster/drained/<node_id>} and {@code dtable-cluster/pinned/<xx>}.
 * Reading never throws. A drain counts whatever its value says (the key is the drain; who and
 * when are for people); a pin whose value names no valid node id is ignored with a warning.
 *
 * <pre>
 * drained/dtable-server-02  {"by": "admin", "at": "2025-12-03T12:00:00Z"}
 * pinned/3f                 {"node_id": "dtable-server-01"}
 * </pre>
 */
public final class IntentValues {

    private IntentValues() {
    }

    public static byte[] drain(String by, Instant at) {
        ObjectNode o = Json.object().put("by", by).put("at", at.toString());
        return Json.text(o).getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] pin(String nodeId) {
        return Json.text(Json.object().put("node_id", NodeId.check(nodeId))).getBytes(StandardCharsets.UTF_8);
    }

    /** Who and when, as far as the value says. */
    public static Drain readDrain(String value) {
        JsonNode o = parse(value);
        if (o == null) {
            return Drain.unknown();
        }
        Optional<String> by = o.path("by").isTextual() ? Optional.of(o.get("by").asText()) : Optional.empty();
        Optional<Instant> at = Optional.empty();
        if (o.path("at").isTextual()) {
            try {
                at = Optional.of(Instant.parse(o.get("at").asText()));
            } catch (DateTimeException e) {
                // unknown time; the drain still counts
            }
        }
        return new Drain(by, at);
    }

    /** The node a bucket is pinned to, or empty when the value names none. */
    public static Optional<String> readPin(String value) {
        JsonNode o = parse(value);
        if (o == null || !o.path("node_id").isTextual() || NodeId.problem(o.get("node_id").asText()) != null) {
            return Optional.empty();
        }
        return Optional.of(o.get("node_id").asText());
    }

    private static JsonNode parse(String value) {
        try {
            JsonNode node = Json.MAPPER.readTree(value);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }
}
