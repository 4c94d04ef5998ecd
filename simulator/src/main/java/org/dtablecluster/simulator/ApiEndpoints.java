package org.dtablecluster.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * What a dtable-server answers from outside. A leading {@code /dtable-server} is ignored, as the
 * node's nginx strips it before dtable-server sees the request.
 */
final class ApiEndpoints {

    private static final String PREFIX = "/dtable-server";

    private final SimulatorState state;

    ApiEndpoints(SimulatorState state) {
        this.state = state;
    }

    void serve(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        if (path.startsWith(PREFIX + "/")) {
            path = path.substring(PREFIX.length());
        }
        List<String> seg = segments(path);
        String method = request.getMethod();
        if (seg.equals(List.of("ping"))) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
            Content.Sink.write(response, true, "pong", callback);
        } else if (seg.equals(List.of("api", "v1", "admin", "sys-info"))) {
            sysInfo(response, callback);
        } else if (seg.size() == 2 && seg.get(0).equals("dtables") && BaseUuids.canonical(seg.get(1)) != null) {
            LoadedBase base = state.bases().load(BaseUuids.canonical(seg.get(1)));
            if (!method.equals("GET")) {
                Json.error(response, callback, 405, method + " not allowed");
            } else {
                Json.send(response, callback, 200, baseJson(base));
            }
        } else if (seg.size() == 5 && seg.subList(0, 3).equals(List.of("api", "v1", "dtables"))
                && BaseUuids.canonical(seg.get(3)) != null) {
            LoadedBase base = state.bases().load(BaseUuids.canonical(seg.get(3)));
            baseResource(seg.get(4), base, request, response, callback);
        } else {
            echo(request, response, callback);
        }
    }

    private void baseResource(String resource, LoadedBase base, Request request, Response response, Callback callback) {
        String method = request.getMethod();
        switch (resource + " " + method) {
            case "rows GET" -> Json.send(response, callback, 200, Map.of("rows", base.rows()));
            case "rows POST" -> appendRow(base, request, response, callback);
            case "import PUT", "import POST" -> digestBody(request, response, callback, Map.of("dtable_uuid", base.uuid()));
            case "download GET" -> download(request, response, callback);
            default -> echo(request, response, callback);
        }
    }

    private void sysInfo(Response response, Callback callback) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("node_id", state.nodeId());
        info.put("enable_cluster", true);
        info.put("loaded_dtables_count", state.bases().size());
        info.put("web_socket_count", state.ownership().sockets().count());
        info.put("requests_total", state.requests().sum());
        info.put("owned_buckets_count", state.ownership().owned().size());
        info.put("serving_buckets_count", state.ownership().serving().size());
        info.put("assignment_revision", state.ownership().revision());
        Json.send(response, callback, 200, info);
    }

    private Map<String, Object> baseJson(LoadedBase base) {
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("_id", "0000");
        table.put("name", "Table1");
        table.put("rows", base.rows());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("dtable_uuid", base.uuid());
        json.put("node_id", state.nodeId());
        json.put("tables", List.of(table));
        return json;
    }

    /**
     * Body: {@code {"table_name": "Table1", "row": {...}}}; answers the stored row with its
     * {@code _id} once the base is saved (500 and nothing kept when the save fails).
     */
    private void appendRow(LoadedBase base, Request request, Response response, Callback callback) {
        Content.Source.asStringAsync(request, StandardCharsets.UTF_8).whenComplete((text, failure) -> {
            if (failure != null) {
                callback.failed(failure);
                return;
            }
            JsonNode row;
            try {
                row = Json.parse(text).get("row");
            } catch (IllegalArgumentException e) {
                Json.error(response, callback, 400, e.getMessage());
                return;
            }
            if (row == null || !row.isObject()) {
                Json.error(response, callback, 400, "body must be {\"row\": {...}}");
                return;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> fields = Json.MAPPER.convertValue(row, Map.class);
            Map<String, Object> saved;
            try {
                saved = base.append(fields);
            } catch (java.io.UncheckedIOException e) {
                Json.error(response, callback, 500, e.getMessage());
                return;
            }
            Json.send(response, callback, 200, saved);
        });
    }

    private void download(Request request, Response response, Callback callback) {
        Fields query = Request.extractQueryParameters(request);
        long size;
        long seed;
        long holdAfter;
        try {
            size = longParam(query, "size", 1024, 0);
            seed = longParam(query, "seed", 1, Long.MIN_VALUE);
            holdAfter = longParam(query, "hold_after", -1, 0);
        } catch (IllegalArgumentException e) {
            Json.error(response, callback, 400, e.getMessage());
            return;
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, size);
        new DownloadWriter(response, callback, size, seed, holdAfter, state::holdGate).iterate();
    }

    private void echo(Request request, Response response, Callback callback) {
        Map<String, Object> seen = new LinkedHashMap<>();
        seen.put("node_id", state.nodeId());
        seen.put("method", request.getMethod());
        seen.put("path", request.getHttpURI().getPath());
        seen.put("query", request.getHttpURI().getQuery());
        String base = BaseUuids.inRequest(request);
        seen.put("dtable_uuid", base);
        if (base != null) {
            state.bases().load(base);
        }
        Map<String, List<String>> headers = new TreeMap<>();
        for (HttpField field : request.getHeaders()) {
            headers.computeIfAbsent(field.getLowerCaseName(), k -> new ArrayList<>()).add(field.getValue());
        }
        seen.put("headers", headers);
        digestBody(request, response, callback, seen);
    }

    /** Answers {@code extra} plus the body's {@code size} and {@code sha256} once it is all read. */
    private void digestBody(Request request, Response response, Callback callback, Map<String, Object> extra) {
        new BodyDigester(request, state.bodyBytes(), (size, sha) -> {
            Map<String, Object> json = new LinkedHashMap<>(extra);
            json.put("size", size);
            json.put("sha256", sha);
            Json.send(response, callback, 200, json);
        }, callback::failed).run();
    }

    static long longParam(Fields query, String name, long dflt, long min) {
        String value = query.getValue(name);
        if (value == null) {
            return dflt;
        }
        try {
            long v = Long.parseLong(value);
            if (v >= min) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be an integer >= " + min + ", was " + value);
    }

    static List<String> segments(String path) {
        List<String> result = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                result.add(s);
            }
        }
        return result;
    }
}
