package org.dtablecluster.admin;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Optional;
import org.dtablecluster.json.Json;
import org.dtablecluster.monitor.OperatorCommand;
import org.dtablecluster.view.NodeId;

/**
 * Reads an operator's write from the admin port into an {@link OperatorCommand}; pure, so the
 * same request parses alike wherever it arrives:
 *
 * <pre>
 * POST   /nodes/{node_id}/drain     [?dry_run=true]
 * POST   /nodes/{node_id}/undrain   [?dry_run=true]
 * PUT    /buckets/{xx}/pin          [?dry_run=true]  body {"node_id": "dtable-server-01"}
 * DELETE /buckets/{xx}/pin          [?dry_run=true]
 * </pre>
 *
 * {@code xx} is two hex digits (either case). A bad node id, bucket or body is 400, another method
 * on one of these paths 405 with {@code Allow}, any other path 404.
 */
final class OperatorRequests {

    /** Bodies beyond this are refused; a pin's is some 40 bytes. */
    static final int MAX_BODY_BYTES = 4096;

    private OperatorRequests() {
    }

    /** The request, or the answer that refuses it. */
    sealed interface Parsed {
    }

    record Command(OperatorCommand command) implements Parsed {
        Command {
            requireNonNull(command, "command is null");
        }
    }

    /** @param allow the methods this path takes, for a 405 */
    record Refusal(int status, String error, String message, Optional<String> allow) implements Parsed {
        Refusal {
            requireNonNull(error, "error is null");
            requireNonNull(message, "message is null");
            requireNonNull(allow, "allow is null");
        }
    }

    /**
     * @param method the HTTP method
     * @param path the path below the context, such as {@code /nodes/dtable-server-01/drain}
     * @param dryRun the {@code dry_run} parameter, or null
     * @param body the request body (empty when none)
     * @param by who asks: the user, or where the request came from
     */
    static Parsed parse(String method, String path, String dryRun, String body, String by) {
        String[] parts = path == null ? new String[0] : path.split("/", -1);
        // "", "nodes" | "buckets", id, action
        if (parts.length != 4 || !parts[0].isEmpty()) {
            return notFound(path);
        }
        boolean nodes = parts[1].equals("nodes") && (parts[3].equals("drain") || parts[3].equals("undrain"));
        boolean buckets = parts[1].equals("buckets") && parts[3].equals("pin");
        if (!nodes && !buckets) {
            return notFound(path);
        }
        if (nodes && !method.equals("POST")) {
            return notAllowed(method, "POST");
        }
        if (buckets && !method.equals("PUT") && !method.equals("DELETE")) {
            return notAllowed(method, "PUT, DELETE");
        }
        Optional<Boolean> dry = dryRun(dryRun);
        if (dry.isEmpty()) {
            return bad("bad_parameter", "dry_run must be true or false, was '" + dryRun + "'");
        }
        if (nodes) {
            String problem = NodeId.problem(parts[2]);
            if (problem != null) {
                return bad("bad_node_id", problem);
            }
            return new Command(parts[3].equals("drain") ? new OperatorCommand.Drain(parts[2], by, dry.get())
                    : new OperatorCommand.Undrain(parts[2], by, dry.get()));
        }
        int bucket = OperatorCommand.parseBucket(parts[2]);
        if (bucket < 0) {
            return bad("bad_bucket", "a bucket is two hex digits, 00 to ff, was '" + parts[2] + "'");
        }
        if (method.equals("DELETE")) {
            return new Command(new OperatorCommand.Unpin(bucket, by, dry.get()));
        }
        return pinTarget(body).<Parsed>map(node -> {
            String problem = NodeId.problem(node);
            return problem != null ? bad("bad_node_id", problem)
                    : new Command(new OperatorCommand.Pin(bucket, node, by, dry.get()));
        }).orElseGet(() -> bad("bad_body", "a pin needs a JSON body {\"node_id\": \"dtable-server-…\"}"));
    }

    private static Optional<String> pinTarget(String body) {
        try {
            JsonNode o = body == null || body.isBlank() ? null : Json.MAPPER.readTree(body);
            return o != null && o.isObject() && o.path("node_id").isTextual() ? Optional.of(o.get("node_id").asText())
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Boolean> dryRun(String value) {
        if (value == null || value.isEmpty() || value.equalsIgnoreCase("false")) {
            return Optional.of(false);
        }
        return value.equalsIgnoreCase("true") ? Optional.of(true) : Optional.empty();
    }

    private static Refusal bad(String error, String message) {
        return new Refusal(400, error, message, Optional.empty());
    }

    private static Refusal notFound(String path) {
        return new Refusal(404, "not_found", "no operator endpoint at " + path + "; use POST /nodes/{node_id}/drain"
                + " or /undrain, PUT or DELETE /buckets/{xx}/pin", Optional.empty());
    }

    private static Refusal notAllowed(String method, String allow) {
        return new Refusal(405, "method_not_allowed", method + " is not allowed here; use " + allow,
                Optional.of(allow));
    }
}
