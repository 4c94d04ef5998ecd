package org.dtablecluster.jetty;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's error answers as dtable-cluster's JSON, whatever the client's {@code Accept} says:
 * {@code {"error": "<stable_code>", "message": "<Jetty's reason>", "status": <code>}}. Clients of
 * the proxy (dtable-web, dtable-events, dtable-db) parse JSON errors; Jetty's HTML page for an
 * ambiguous URI or a header too large would reach them as an unparseable body.
 *
 * <p>Set on the {@code Server} (errors found before a request reaches a context: a bad request
 * line, a URI or headers too large) by {@code etc/dtable-cluster-errors.xml}, and on the WAR's
 * context by {@code webapps/dtable-cluster.xml}. Never a stack trace, never the request's URI
 * (it may carry a token).
 */
public class JsonErrorHandler extends ErrorHandler {

    /** Jetty writes a body only for GET, POST and HEAD; clients of PUT or DELETE need the reason too. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) throws IOException {
        byte[] body = body(code, message).getBytes(StandardCharsets.UTF_8);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** The JSON body for {@code status}; {@code reason} is Jetty's text, or null. */
    public static String body(int status, String reason) {
        // a 500's reason is an exception's text: it belongs in the log, not in the answer
        String message = reason == null || reason.isBlank() || status >= 500 ? HttpStatus.getMessage(status) : reason;
        return "{\"error\":\"" + code(status, message) + "\",\"message\":\"" + escape(message)
                + "\",\"status\":" + status + "}";
    }

    /** The stable {@code error} code; documented in config-samples/README.md. */
    public static String code(int status, String reason) {
        return switch (status) {
            case 400 -> reason != null && reason.startsWith("Ambiguous URI") ? "ambiguous_uri" : "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 408 -> "request_timeout";
            case 413 -> "too_large";
            case 414 -> "uri_too_long";
            case 417 -> "expectation_failed";
            case 431 -> "headers_too_large";
            case 500 -> "server_error";
            case 503 -> "unavailable";
            default -> "http_" + status;
        };
    }

    /** JSON string escaping; Jetty's reasons are short ASCII, but a cause's text may be anything. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
