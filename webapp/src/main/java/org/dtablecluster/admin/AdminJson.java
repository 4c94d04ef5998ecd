package org.dtablecluster.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.dtablecluster.JsonAnswers;

/** JSON answers of the admin endpoints: pretty-printed, UTF-8, never cached. */
final class AdminJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private AdminJson() {
    }

    static ObjectNode error(String code, String message) {
        return JsonAnswers.error(code, message);
    }

    static void send(HttpServletResponse response, int status, ObjectNode body) throws IOException {
        JsonAnswers.send(response, status, body);
    }
}
