package org.dtablecluster.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.dtablecluster.JsonAnswers;

/**
 * What {@link AdminGuardFilter} answers through; it forwards to {@link JsonAnswers}, which every
 * other endpoint calls directly. Goes when the filter calls {@link JsonAnswers} itself.
 */
final class AdminJson {

    private AdminJson() {
    }

    static ObjectNode error(String code, String message) {
        return JsonAnswers.error(code, message);
    }

    static void send(HttpServletResponse response, int status, ObjectNode body) throws IOException {
        JsonAnswers.send(response, status, body);
    }
}
