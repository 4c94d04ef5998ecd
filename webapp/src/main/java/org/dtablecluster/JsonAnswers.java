package org.dtablecluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.dtablecluster.json.Json;

/**
 * How every dtable-cluster endpoint answers in JSON: UTF-8, with its length, never cached; errors
 * as {@code {"error": "<stable_code>", "message": "<text>"}}.
 */
public final class JsonAnswers {


    private JsonAnswers() {
    }

    public static ObjectNode error(String code, String message) {
        return Json.object().put("error", code).put("message", message);
    }

    /** Sends {@code body} pretty-printed, for people reading it with curl. */
    public static void send(HttpServletResponse response, int status, ObjectNode body) throws IOException {
        try {
            send(response, status, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree is always JSON", e);
        }
    }

    /** Sends an already serialised JSON body on a response that is not yet committed. */
    public static void send(HttpServletResponse response, int status, byte[] json) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(json.length);
        response.getOutputStream().write(json);
    }
}
