package org.dtablecluster.proxy;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dtablecluster.JsonAnswers;
import org.dtablecluster.json.Json;

/**
 * Writes the proxy's own error answers: {@code {"error": "<stable_code>", "message": "<text>", ...}},
 * never a stack trace.
 */
public final class JsonErrors {


    private JsonErrors() {
    }

    /** The body; {@code extra} adds fields such as {@code bucket} after the two standard ones. */
    static byte[] body(String code, String message, Map<String, ?> extra) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("error", code);
        json.put("message", message);
        json.putAll(extra);
        try {
            return Json.MAPPER.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings and numbers is always JSON", e);
        }
    }

    /** Sends the error on a response that is not yet committed; the caller completes any async. */
    public static void send(HttpServletResponse response, int status, String code, String message, Map<String, ?> extra)
            throws IOException {
        JsonAnswers.send(response, status, body(code, message, extra));
    }
}
