package org.dtablecluster.simulator;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The body of {@code POST /_sim/assignment}, sent by the node role when its buckets change:
 * <pre>{"node_id": "dtable-server-01", "revision": 42, "gained": [0, 1], "lost": [139], "owned": [0, 1, 2],
 *  "valid_until_ms": 1767225600000}</pre>
 * Buckets are numbers 0..255 or two-hex-digit strings ({@code "8b"}). {@code node_id} and
 * {@code revision} are optional; every list is optional and defaults to empty ({@code owned} to
 * unknown). {@code valid_until_ms} (epoch millis) is the agent's fencing deadline; without it the
 * server serves what it owns until told otherwise.
 */
record AssignmentUpdate(String nodeId, long revision, Set<Integer> gained, Set<Integer> lost, Set<Integer> owned,
        Long validUntilMs) {

    AssignmentUpdate {
        gained = Set.copyOf(requireNonNull(gained, "gained is null"));
        lost = Set.copyOf(requireNonNull(lost, "lost is null"));
        owned = owned == null ? null : Set.copyOf(owned);
    }

    /** @throws IllegalArgumentException naming the field that is not as documented */
    static AssignmentUpdate parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("body must be a JSON object");
        }
        JsonNode nodeId = body.get("node_id");
        if (nodeId != null && !nodeId.isNull() && !nodeId.isTextual()) {
            throw new IllegalArgumentException("node_id must be a string");
        }
        JsonNode revision = body.get("revision");
        if (revision != null && !revision.isNull() && !revision.canConvertToLong()) {
            throw new IllegalArgumentException("revision must be an integer");
        }
        JsonNode validUntil = body.get("valid_until_ms");
        if (validUntil != null && !validUntil.isNull() && !(validUntil.isIntegralNumber() && validUntil.canConvertToLong())) {
            throw new IllegalArgumentException("valid_until_ms must be an integer (epoch milliseconds)");
        }
        return new AssignmentUpdate(
                nodeId == null || nodeId.isNull() ? null : nodeId.asText(),
                revision == null || revision.isNull() ? -1 : revision.asLong(),
                buckets(body, "gained"),
                buckets(body, "lost"),
                body.hasNonNull("owned") ? buckets(body, "owned") : null,
                validUntil == null || validUntil.isNull() ? null : validUntil.asLong());
    }

    private static Set<Integer> buckets(JsonNode body, String field) {
        JsonNode list = body.get(field);
        if (list == null || list.isNull()) {
            return Set.of();
        }
        if (!list.isArray()) {
            throw new IllegalArgumentException(field + " must be a list of buckets");
        }
        List<Integer> result = new ArrayList<>();
        for (JsonNode item : list) {
            int bucket;
            if (item.isInt()) {
                bucket = item.asInt();
            } else if (item.isTextual() && item.asText().length() == 2) {
                bucket = hexOrMinus(item.asText());
            } else {
                bucket = -1;
            }
            if (bucket < 0 || bucket > 255) {
                throw new IllegalArgumentException(
                        field + " holds " + item + "; a bucket is 0..255 or two hex digits");
            }
            result.add(bucket);
        }
        return new TreeSet<>(result);
    }

    private static int hexOrMinus(String text) {
        int hi = Character.digit(text.charAt(0), 16);
        int lo = Character.digit(text.charAt(1), 16);
        return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
    }
}
