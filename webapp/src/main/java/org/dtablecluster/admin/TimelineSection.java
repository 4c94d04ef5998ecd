package org.dtablecluster.admin;

import static java.util.Objects.requireNonNull;
import static org.dtablecluster.admin.Html.esc;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The page's timeline of recent changes: the newest entries of the history the leader keeps in
 * etcd ({@code GET /history} pages through all of them), one row each: when, what started it,
 * who asked, the moves with a few of them spelled out, the handoffs it reports cancelled, how
 * long it took. Every instance with the monitor role reads it from etcd, leader or not. The
 * entries are etcd's text: every field may be missing or odd, and all of it is escaped.
 */
final class TimelineSection {

    /** Entries shown: the newest this many. */
    static final int ENTRIES = 20;
    private static final int MOVES_SHOWN = 4;
    private static final int CANCELS_SHOWN = 3;

    private TimelineSection() {
    }

    /**
     * What the timeline shows: the newest history entries, or why the history could not be read.
     * Without the monitor role there is no timeline at all ({@link #absent()}).
     */
    record Timeline(boolean shown, List<JsonNode> entries, Optional<String> error) {
        Timeline {
            entries = List.copyOf(requireNonNull(entries, "entries is null"));
            requireNonNull(error, "error is null");
        }

        static Timeline absent() {
            return new Timeline(false, List.of(), Optional.empty());
        }

        /** The newest {@value #ENTRIES} entries; what went wrong instead, when etcd did not answer. */
        static Timeline read(HistoryServlet.Pages pages) {
            try {
                return new Timeline(true, pages.page(ENTRIES, Long.MAX_VALUE), Optional.empty());
            } catch (IOException | RuntimeException e) {
                return new Timeline(true, List.of(), Optional.of(String.valueOf(e.getMessage())));
            }
        }
    }

    static void render(StringBuilder out, Timeline t, DateTimeFormatter time) {
        if (!t.shown()) {
            return;
        }
        out.append("<section class=\"timeline\" id=\"timeline\"><h2>Recent changes</h2>\n");
        if (t.error().isPresent()) {
            out.append("<p class=\"bad\" data-timeline=\"unavailable\">The history could not be read: ")
                    .append(esc(t.error().get())).append("</p>\n</section>\n");
            return;
        }
        if (t.entries().isEmpty()) {
            out.append("<p data-timeline=\"empty\">No run has changed anything yet.</p>\n</section>\n");
            return;
        }
        out.append("<p class=\"hint\">The newest ").append(t.entries().size())
                .append(" runs that changed something, newest first; all of them: <code>GET /history</code>.</p>\n")
                .append("<table class=\"timeline\"><thead><tr><th>When</th><th>Trigger</th><th>Asked by</th>"
                        + "<th>Moves</th><th>Cancelled handoffs</th><th>Took</th></tr></thead><tbody>\n");
        for (JsonNode e : t.entries()) {
            row(out, e, time);
        }
        out.append("</tbody></table>\n</section>\n");
    }

    private static void row(StringBuilder out, JsonNode e, DateTimeFormatter time) {
        List<JsonNode> moves = items(e, "moves");
        List<JsonNode> cancels = items(e, "cancelled_handoffs");
        String error = text(e, "error");
        out.append("<tr data-seq=\"").append(esc(text(e, "seq"))).append("\" data-trigger=\"")
                .append(esc(text(e, "trigger"))).append("\" data-moves=\"").append(moves.size()).append("\"")
                .append(error.isEmpty() ? "" : " class=\"failed\"").append("><td>").append(esc(when(e, time)))
                .append("</td><td>").append(esc(orDash(text(e, "kind")))).append(" / <b>")
                .append(esc(orDash(text(e, "trigger")))).append("</b>");
        if (!error.isEmpty()) {
            out.append("<br><span class=\"bad\">failed: ").append(esc(error)).append("</span>");
        }
        out.append("</td><td>").append(esc(orDash(text(e, "requested_by")))).append("</td><td>");
        out.append("<b>").append(moves.size()).append("</b>");
        for (int i = 0; i < Math.min(MOVES_SHOWN, moves.size()); i++) {
            out.append(i == 0 ? ": " : ", ").append(change(moves.get(i)));
        }
        more(out, moves.size(), MOVES_SHOWN);
        out.append("</td><td>");
        if (cancels.isEmpty()) {
            out.append("–");
        } else {
            out.append("<b>").append(cancels.size()).append("</b>");
            for (int i = 0; i < Math.min(CANCELS_SHOWN, cancels.size()); i++) {
                JsonNode c = cancels.get(i);
                out.append(i == 0 ? ": " : ", ").append(change(c)).append(" (").append(esc(orDash(text(c, "reason"))))
                        .append(")");
            }
            more(out, cancels.size(), CANCELS_SHOWN);
        }
        out.append("</td><td class=\"num\">").append(esc(took(e))).append("</td></tr>\n");
    }

    // "3f dtable-server-01 → dtable-server-02", escaped
    private static String change(JsonNode m) {
        return "<code>" + esc(orDash(text(m, "bucket"))) + "</code> " + esc(orDash(text(m, "from"))) + " → "
                + esc(orDash(text(m, "to")));
    }

    private static void more(StringBuilder out, int size, int shown) {
        if (size > shown) {
            out.append(" … and ").append(size - shown).append(" more");
        }
    }

    private static String when(JsonNode e, DateTimeFormatter time) {
        String at = text(e, "at");
        try {
            return time.format(Instant.parse(at));
        } catch (DateTimeException ex) { // not a time, or one the format cannot show
            return orDash(at);
        }
    }

    private static String took(JsonNode e) {
        JsonNode ms = e.path("duration_ms");
        return ms.canConvertToLong() ? ms.asLong() + " ms" : "–";
    }

    // an array field's elements; none when missing or not an array
    private static List<JsonNode> items(JsonNode e, String field) {
        JsonNode v = e.path(field);
        List<JsonNode> list = new ArrayList<>();
        if (v.isArray()) {
            v.forEach(list::add);
        }
        return list;
    }

    // a field as text; "" when missing or null
    private static String text(JsonNode e, String field) {
        JsonNode v = e.path(field);
        return v.isMissingNode() || v.isNull() || v.isContainerNode() ? "" : v.asText();
    }

    private static String orDash(String s) {
        return s.isEmpty() ? "–" : s;
    }
}
