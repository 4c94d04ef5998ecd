package org.dtablecluster.simulator;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * The simulator's own endpoints under {@code /_sim/}: never faulted, so a test can always inspect
 * and steer a node. Documented on {@link DtableServerSimulator}.
 */
final class ControlEndpoints {

    private final SimulatorState state;

    ControlEndpoints(SimulatorState state) {
        this.state = state;
    }

    void serve(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        switch (request.getMethod() + " " + path) {
            case "GET /_sim/bases" -> Json.send(response, callback, 200, bases());
            case "GET /_sim/assignment" -> Json.send(response, callback, 200, assignment());
            case "POST /_sim/assignment" -> withBody(request, response, callback, text -> applyAssignment(text, response, callback));
            case "GET /_sim/intervals" -> Json.send(response, callback, 200, intervals());
            case "GET /_sim/fault" -> Json.send(response, callback, 200, faultJson(state.fault()));
            case "POST /_sim/fault" -> withBody(request, response, callback, text -> setFault(text, response, callback));
            case "DELETE /_sim/fault" -> {
                state.fault(Fault.NONE);
                Json.send(response, callback, 200, faultJson(Fault.NONE));
            }
            case "POST /_sim/release" -> {
                state.releaseHeld();
                Json.send(response, callback, 200, Map.of("released", true));
            }
            case "GET /_sim/stats" -> Json.send(response, callback, 200, Map.of(
                    "node_id", state.nodeId(),
                    "requests", state.requests().sum(),
                    "body_bytes", state.bodyBytes().sum()));
            case "GET /_sim/sha256" -> sha256(request, response, callback);
            default -> Json.error(response, callback, 404, "no simulator endpoint " + request.getMethod() + " " + path);
        }
    }

    private Map<String, Object> bases() {
        List<Map<String, Object>> list = state.bases().all().stream()
                .map(b -> Map.<String, Object>of("dtable_uuid", b.uuid(), "bucket", b.bucket(), "rows", b.rowCount()))
                .toList();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("node_id", state.nodeId());
        json.put("count", list.size());
        json.put("bases", list);
        return json;
    }

    private Map<String, Object> assignment() {
        Ownership ownership = state.ownership();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("node_id", state.nodeId());
        json.put("revision", ownership.revision());
        json.put("owned", ownership.owned());
        json.put("serving", ownership.serving());
        json.put("valid_until_ms", ownership.validUntilMs());
        json.put("serve_all_buckets", ownership.serveAll());
        json.put("updates", ownership.updates());
        return json;
    }

    /** Answers once the lost buckets are released: requests done, sockets closed, bases unloaded. */
    private void applyAssignment(String text, Response response, Callback callback) {
        AssignmentUpdate update = AssignmentUpdate.parse(Json.parse(text));
        if (update.nodeId() != null && !update.nodeId().equals(state.nodeId())) {
            Json.error(response, callback, 409,
                    "this is " + state.nodeId() + ", not " + update.nodeId());
            return;
        }
        state.ownership().apply(update).whenComplete((result, failure) -> {
            if (failure != null) {
                Json.error(response, callback, 500, "release failed: " + failure);
                return;
            }
            Map<String, Object> json = assignment();
            json.put("applied", result.applied());
            json.put("released", result.released());
            json.put("unloaded", result.unloaded());
            Json.send(response, callback, 200, json);
        });
    }

    private Map<String, Object> intervals() {
        List<Map<String, Object>> list = state.servingLog().intervals().stream().map(i -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("bucket", i.bucket());
            m.put("from_ms", i.fromMs());
            m.put("to_ms", i.toMs());
            m.put("reason", i.reason());
            return m;
        }).toList();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("node_id", state.nodeId());
        json.put("incarnation", state.servingLog().incarnation());
        json.put("intervals", list);
        return json;
    }

    /** Body: {@code {"delay_ms": 2000, "status": 503, "close": false}}; absent fields are 0/false. */
    private void setFault(String text, Response response, Callback callback) {
        var body = Json.parse(text);
        Fault fault = new Fault(body.path("delay_ms").asLong(0), body.path("status").asInt(0), body.path("close").asBoolean(false));
        state.fault(fault);
        Json.send(response, callback, 200, faultJson(fault));
    }

    private void sha256(Request request, Response response, Callback callback) {
        Fields query = Request.extractQueryParameters(request);
        long size = ApiEndpoints.longParam(query, "size", 1024, 0);
        long seed = ApiEndpoints.longParam(query, "seed", 1, Long.MIN_VALUE);
        Json.send(response, callback, 200, Map.of("size", size, "seed", seed, "sha256", DeterministicBytes.sha256(size, seed)));
    }

    private static Map<String, Object> faultJson(Fault fault) {
        return Map.of("delay_ms", fault.delayMillis(), "status", fault.status(), "close", fault.close());
    }

    /** Reads the small JSON body, then runs {@code then}; a bad body becomes a 400. */
    private static void withBody(Request request, Response response, Callback callback, Consumer<String> then) {
        Content.Source.asStringAsync(request, StandardCharsets.UTF_8).whenComplete((text, failure) -> {
            if (failure != null) {
                callback.failed(failure);
                return;
            }
            try {
                then.accept(text);
            } catch (IllegalArgumentException e) {
                Json.error(response, callback, 400, e.getMessage());
            }
        });
    }
}
