package org.dtablecluster.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.dtablecluster.jmx.ObjectNames;
import org.dtablecluster.json.Json;

/**
 * Tells Jolokia requests that only read ({@code read}, {@code list}, {@code search},
 * {@code version}) from everything else ({@code exec}, {@code write}, notifications, anything
 * unknown or unparseable), the way Jolokia will read them. When in doubt it says "changes": the
 * worst a wrong guess can do is ask for a password. Also tells the Monitor MBean's operations
 * that only the leader carries out, which a proxy that does not lead forwards.
 */
final class JolokiaCommands {

    private static final Set<String> READS = Set.of("read", "list", "search", "version");
    /** The Monitor MBean's operations that change the cluster, which only the leader carries out. */
    private static final Set<String> LEADER_ONLY = Set.of("rebalance", "dryRunRebalance", "drain", "undrain", "pin",
            "unpin");
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
        JsonNode root = parse(body);
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

    /**
     * A GET that runs one of the Monitor MBean's operations only the leader carries out
     * ({@code /exec/org.dtablecluster:type=Monitor/drain/...}).
     */
    static boolean getLeaderOnly(String pathInfo) {
        if (pathInfo == null) {
            return false;
        }
        String[] s = pathInfo.replaceFirst("^/+", "").split("/");
        return s.length >= 3 && s[0].equalsIgnoreCase("exec") && isLeaderOnly(s[1], s[2]);
    }

    /** A POST (one request or a bulk) of which any runs an operation only the leader carries out. */
    static boolean postLeaderOnly(byte[] body) {
        JsonNode root = parse(body);
        if (root != null && root.isObject()) {
            return isLeaderOnlyRequest(root);
        }
        if (root != null && root.isArray()) {
            for (JsonNode request : root) {
                if (isLeaderOnlyRequest(request)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isLeaderOnlyRequest(JsonNode r) {
        return r.isObject() && "exec".equalsIgnoreCase(r.path("type").asText())
                && isLeaderOnly(r.path("mbean").asText(), r.path("operation").asText());
    }

    // an operation may name its signature: drain(java.lang.String)
    private static boolean isLeaderOnly(String mbean, String operation) {
        int paren = operation.indexOf('(');
        if (!LEADER_ONLY.contains(paren < 0 ? operation : operation.substring(0, paren))) {
            return false;
        }
        try {
            return ObjectNames.monitor().equals(new ObjectName(mbean));
        } catch (MalformedObjectNameException e) {
            return false;
        }
    }

    /** The body as JSON; null when it is none (empty or unparseable). */
    private static JsonNode parse(byte[] body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean isReadRequest(JsonNode request) {
        JsonNode type = request.isObject() ? request.get("type") : null;
        return type != null && type.isTextual() && READS.contains(type.asText().toLowerCase(Locale.ROOT));
    }
}
