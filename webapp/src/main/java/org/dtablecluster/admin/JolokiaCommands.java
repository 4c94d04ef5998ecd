package org.dtablecluster.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import org.dtablecluster.json.Json;

/**
 * Tells Jolokia requests that only read ({@code read}, {@code list}, {@code search},
 * {@code version}) from everything else ({@code exec}, {@code write}, notifications, anything
 * unknown or unparseable), the way Jolokia will read them. When in doubt it says "changes": the
 * worst a wrong guess can do is ask for a password.
 */
final class JolokiaCommands {

    private static final Set<String> READS = Set.of("read", "list", "search", "version");
    // Duplicate keys fail the parse: {"type": "read", "type": "exec"} must not pass as a read.

    private JolokiaCommands() {
    }

    /**
     * A GET: the command is the first segment of the path after {@code /jolokia}, or of the
     * {@code p} query parameter Jolokia also accepts; no segment is {@code version}.
     */
    static boolean getOnlyReads(String pathInfo, String pathParameter) {
        return isReadPath(pathInfo) && isReadPath(pathParameter);
    }

    private static boolean isReadPath(String path) {
        if (path == null) {
            return true;
        }
        for (String segment : path.split("/")) {
            if (!segment.isEmpty()) {
                return READS.contains(segment.toLowerCase(Locale.ROOT));
            }
        }
        return true;
    }

    /** A POST: one request object or a bulk array of them; every {@code type} must be a read. */
    static boolean postOnlyReads(byte[] body) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            return false;
        }
        if (root == null) {
            return false;
        }
        if (root.isObject()) {
            return isReadRequest(root);
        }
        if (!root.isArray() || root.isEmpty()) {
            return false;
        }
        for (JsonNode request : root) {
            if (!isReadRequest(request)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isReadRequest(JsonNode request) {
        JsonNode type = request.isObject() ? request.get("type") : null;
        return type != null && type.isTextual() && READS.contains(type.asText().toLowerCase(Locale.ROOT));
    }
}
