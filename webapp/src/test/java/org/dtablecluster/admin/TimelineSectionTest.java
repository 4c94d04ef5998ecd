package org.dtablecluster.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dtablecluster.json.Json;
import org.dtablecluster.view.InMemoryClusterView;
import org.junit.jupiter.api.Test;

/** The page's timeline of recent changes: the newest history entries as rows; a note when etcd fails. */
class TimelineSectionTest {

    private static final String A = "dtable-server-01";
    private static final String B = "dtable-server-02";

    private static ObjectNode entry(long seq, String trigger, String requestedBy, int moves) {
        ObjectNode o = Json.object().put("seq", seq).put("at", Reports.NOW.minusSeconds(60 - seq).toString())
                .put("kind", "rebalance").put("trigger", trigger).put("requested_by", requestedBy);
        ArrayNode m = o.putArray("moves");
        for (int b = 0; b < moves; b++) {
            m.addObject().put("bucket", String.format("%02x", 0x80 + b)).put("from", A).put("to", B);
        }
        o.putArray("cancelled_handoffs");
        return o.put("duration_ms", 17).put("revision", 4000 + seq);
    }

    private static String page(HistoryServlet.Pages pages) {
        AdminSources sources = new AdminSources(new InMemoryClusterView(Reports.snapshot()), () -> true,
                () -> Optional.of(Reports.monitor()), List::of, Optional.empty(), Optional::empty, Reports.CLOCK,
                Optional.of(pages));
        return StatusPage.render(sources.report(), sources.timeline(), "", "proxy:5555");
    }

    @Test
    void theNewestEntriesAreRowsWithTriggerAskerMovesCancelsAndDuration() {
        ObjectNode rebalance = entry(7, "rebalance", "admin", 6);
        ObjectNode cancels = entry(8, "interval", "repair", 0);
        cancels.withArray("cancelled_handoffs").addObject().put("bucket", "3f").put("from", A).put("to", B)
                .put("reason", A + " did not release within 30 s").put("at", Reports.NOW.toString());
        ObjectNode failed = entry(9, "membership", "repair", 0).put("error", "etcd timed out");
        List<Integer> limits = new ArrayList<>();

        String html = page((limit, before) -> {
            limits.add(limit);
            assertEquals(Long.MAX_VALUE, before, "the newest entries");
            return List.of(failed, cancels, rebalance);
        });

        assertEquals(List.of(TimelineSection.ENTRIES), limits);
        assertTrue(html.contains("<h2>Recent changes</h2>"), html);
        assertTrue(html.indexOf("data-seq=\"9\"") < html.indexOf("data-seq=\"8\"")
                && html.indexOf("data-seq=\"8\"") < html.indexOf("data-seq=\"7\""), "newest first, as read");
        String row = rowOf(html, "7");
        assertTrue(row.contains("data-trigger=\"rebalance\" data-moves=\"6\""), row);
        assertTrue(row.contains("<td>2026-11-23 11:59:07 UTC</td>"), row);
        assertTrue(row.contains("rebalance / <b>rebalance</b>"), row);
        assertTrue(row.contains("<td>admin</td>"), row);
        assertTrue(row.contains("<b>6</b>: <code>80</code> " + A + " → " + B + ", <code>81</code>"), row);
        assertTrue(row.contains("<code>83</code> " + A + " → " + B + " … and 2 more"), row);
        assertFalse(row.contains("<code>84</code>"), "only a few moves spelled out");
        assertTrue(row.contains("<td class=\"num\">17 ms</td>"), row);
        assertTrue(rowOf(html, "8").contains("<b>1</b>: <code>3f</code> " + A + " → " + B + " (" + A
                + " did not release within 30 s)"), rowOf(html, "8"));
        assertTrue(rowOf(html, "9").contains("class=\"failed\"") && rowOf(html, "9").contains("failed: etcd timed out"));
    }

    @Test
    void whenEtcdDoesNotAnswerThePageStillRendersWithANote() {
        String html = page((limit, before) -> {
            throw new IOException("etcd did not answer: deadline exceeded");
        });

        assertTrue(html.contains("<p class=\"bad\" data-timeline=\"unavailable\">The history could not be read:"
                + " etcd did not answer: deadline exceeded</p>"), html);
        assertTrue(html.contains("<h2>Buckets</h2>") && html.contains("</html>"), "the rest of the page is there");
    }

    @Test
    void anEmptyHistorySaysSoAndNoMonitorMeansNoSection() {
        assertTrue(page((limit, before) -> List.of()).contains("No run has changed anything yet."));
        AdminSources noMonitor = new AdminSources(new InMemoryClusterView(Reports.snapshot()), () -> true,
                Optional::empty, List::of, Optional.empty(), Optional::empty, Reports.CLOCK);
        String html = StatusPage.render(noMonitor.report(), noMonitor.timeline(), "", "proxy:5555");
        assertFalse(html.contains("Recent changes"));
    }

    @Test
    void whatEtcdHoldsIsEscapedAndOddEntriesDoNotBreakThePage() throws IOException {
        ObjectNode evil = entry(3, "<script>alert(1)</script>", "\"><b>x</b>", 1);
        ((ObjectNode) evil.withArray("moves").get(0)).put("to", "<img src=x>");
        JsonNode odd = Json.MAPPER.readTree("{\"seq\": \"x\", \"at\": \"yesterday\", \"moves\": {\"a\": 1},"
                + " \"cancelled_handoffs\": [null], \"duration_ms\": \"slow\"}");

        String html = page((limit, before) -> List.of(odd, evil));

        assertFalse(html.contains("<script"), html);
        assertFalse(html.contains("<b>x</b>"), html);
        assertFalse(html.contains("<img"), html);
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), html);
        assertTrue(html.contains("&lt;img src=x&gt;"), html);
        String row = rowOf(html, "x");
        assertTrue(row.contains("<td>yesterday</td>") && row.contains("data-moves=\"0\""), row);
        assertTrue(row.contains("<b>1</b>: <code>–</code> – → – (–)"), row);
    }

    private static String rowOf(String html, String seq) {
        int start = html.indexOf("<tr data-seq=\"" + seq + "\"");
        assertTrue(start >= 0, "row " + seq + " in " + html);
        return html.substring(start, html.indexOf("</tr>", start));
    }
}
