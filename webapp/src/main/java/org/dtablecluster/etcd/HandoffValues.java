package org.dtablecluster.etcd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.dtablecluster.json.Json;
import org.dtablecluster.view.Handoff;
import org.dtablecluster.view.HandoffAck;

/**
 * The values under {@code dtable-cluster/handoff/<xx>}, {@code released/<xx>} and
 * {@code accepted/<xx>}. Reading never throws: a value that is not what we write comes back empty,
 * and the caller ignores the key with a warning.
 *
 * <pre>
 * handoff/3f   {"from": "dtable-server-01", "to": "dtable-server-02", "term": 12, "started_ms": 1764763200000}
 * released/3f  {"node_id": "dtable-server-01", "handoff_revision": 4711}
 * accepted/3f  {"node_id": "dtable-server-02", "handoff_revision": 4711}
 * </pre>
 */
public final class HandoffValues {

    private HandoffValues() {
    }

    public static byte[] handoff(String from, String to, long term, long startedEpochMs) {
        ObjectNode o = Json.object().put("from", from).put("to", to).put("term", term).put("started_ms", startedEpochMs);
        return Json.text(o).getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] ack(String nodeId, long handoffRevision) {
        ObjectNode o = Json.object().put("node_id", nodeId).put("handoff_revision", handoffRevision);
        return Json.text(o).getBytes(StandardCharsets.UTF_8);
    }

    /** The handoff of {@code bucket} as stored at {@code modRevision}, or empty when malformed. */
    public static Optional<Handoff> readHandoff(int bucket, byte[] value, long modRevision) {
        JsonNode o = parse(value);
        if (o == null || !o.path("from").isTextual() || !o.path("to").isTextual()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Handoff(bucket, o.get("from").asText(), o.get("to").asText(),
                    o.path("term").asLong(0), o.path("started_ms").asLong(0), modRevision));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A release or acceptance, or empty when malformed. */
    public static Optional<HandoffAck> readAck(byte[] value) {
        JsonNode o = parse(value);
        if (o == null || !o.path("node_id").isTextual() || !o.path("handoff_revision").canConvertToLong()) {
            return Optional.empty();
        }
        return Optional.of(new HandoffAck(o.get("node_id").asText(), o.get("handoff_revision").asLong()));
    }

    private static JsonNode parse(byte[] value) {
        try {
            JsonNode node = Json.MAPPER.readTree(value);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }
}
