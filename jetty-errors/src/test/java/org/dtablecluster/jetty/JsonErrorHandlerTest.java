package org.dtablecluster.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JsonErrorHandlerTest {

    @Test
    void bodiesCarryAStableCodeTheReasonAndTheStatus() {
        assertEquals("{\"error\":\"ambiguous_uri\",\"message\":\"Ambiguous URI path separator\",\"status\":400}",
                JsonErrorHandler.body(400, "Ambiguous URI path separator"));
        assertEquals("{\"error\":\"headers_too_large\",\"message\":\"Request Header Fields Too Large\",\"status\":431}",
                JsonErrorHandler.body(431, null));
        assertEquals("http_418", JsonErrorHandler.code(418, "x"));
    }

    @Test
    void reasonsAreEscaped() {
        assertEquals("a\\\"b\\\\c\\n\\u003c\\u00e9", JsonErrorHandler.escape("a\"b\\c\n<\u00e9"));
    }
}
