package org.dtablecluster.admin;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.dtablecluster.JsonAnswers;
import org.dtablecluster.json.Json;
import org.dtablecluster.monitor.Monitor;

/**
 * {@code GET /history?limit=&before=}: the leader's runs that changed something, newest first, as
 * kept in etcd under {@code dtable-cluster/history/}. {@code limit} is 1–500 (default 50);
 * {@code before} a sequence number (the previous page's {@code next_before}). Answers
 * {@code {"entries": [...], "next_before": 1234}} ({@code next_before} absent on the last page);
 * 400 {@code bad_parameter}; 503 {@code etcd_unavailable} when etcd does not answer.
 */
public final class HistoryServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    /** Reads one page. */
    interface Pages {
        List<JsonNode> page(int limit, long before) throws IOException;
    }

    private final transient Pages pages;

    public HistoryServlet(Monitor monitor) {
        this(requireNonNull(monitor, "monitor is null")::history);
    }

    HistoryServlet(Pages pages) {
        this.pages = requireNonNull(pages, "pages is null");
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        int limit;
        long before;
        try {
            limit = (int) number(request, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
            before = number(request, "before", Long.MAX_VALUE, 1, Long.MAX_VALUE);
        } catch (IllegalArgumentException e) {
            JsonAnswers.send(response, HttpServletResponse.SC_BAD_REQUEST, JsonAnswers.error("bad_parameter",
                    e.getMessage()));
            return;
        }
        List<JsonNode> entries;
        try {
            entries = pages.page(limit, before);
        } catch (IOException e) {
            response.setHeader("Retry-After", "5");
            JsonAnswers.send(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, JsonAnswers.error(
                    "etcd_unavailable", "the history could not be read: " + e.getMessage()));
            return;
        }
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("entries");
        entries.forEach(list::add);
        if (entries.size() == limit) {
            JsonNode last = entries.get(entries.size() - 1).get("seq");
            if (last != null && last.asLong() > 0) {
                body.put("next_before", last.asLong());
            }
        }
        JsonAnswers.send(response, HttpServletResponse.SC_OK, body);
    }

    private static long number(HttpServletRequest request, String name, long defaultValue, long min, long max) {
        String text = request.getParameter(name);
        if (text == null || text.isBlank()) {
            return defaultValue;
        }
        try {
            long v = Long.parseLong(text.trim());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max + ", was '"
                + text + "'");
    }
}
