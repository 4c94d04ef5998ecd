package org.dtablecluster.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.view.ClusterSnapshot;
import org.dtablecluster.view.InMemoryClusterView;
import org.dtablecluster.view.NodeEntry;
import org.junit.jupiter.api.Test;

/** The page: 256 cells coloured by owner, the nodes, the leader and last run; nothing unescaped. */
class StatusPageTest {

    private static final Pattern CELL = Pattern.compile(
            "<td data-bucket=\"([0-9a-f]{2})\" data-owner=\"([^\"]*)\" class=\"(cell[^\"]*)\"(?: style=\"--c:([^\"]+)\")?");

    @Test
    void everyBucketIsOneCellInOrderWithItsOwnersColour() {
        String html = StatusPage.render(Reports.report(Optional.empty()), "", "proxy:5555");

        Matcher m = CELL.matcher(html);
        int n = 0;
        while (m.find()) {
            assertEquals(Assignment.hex(n), m.group(1), "cells run row by row");
            String owner = m.group(2);
            if (n == 0xff) {
                assertEquals("", owner);
                assertEquals("cell none", m.group(3));
            } else if (n == 0xfe) {
                assertEquals("dtable-server-09", owner);
                assertEquals("cell down", m.group(3));
            } else {
                assertEquals("cell", m.group(3));
                assertEquals(NodeColors.of(owner), m.group(4));
            }
            n++;
        }
        assertEquals(256, n);
    }

    @Test
    void nodesLeaderAndLastRunAreThere() {
        String html = StatusPage.render(Reports.report(Optional.of("strategy failed")), "", "proxy:5555");

        for (String id : new String[] {"dtable-server-01", "dtable-server-02", "dtable-server-03"}) {
            assertTrue(html.contains("<tr data-node=\"" + id + "\">"), id);
        }
        assertTrue(html.contains("https://dtable-server-02.example.com/"));
        assertTrue(html.contains("http://10.0.0.3:5000/"));
        assertTrue(html.contains(">86<span class=\"bar\""), "bucket count of dtable-server-01");
        assertTrue(html.contains("dtable-server-09 <span class=\"bad\">not live</span>"));
        assertTrue(html.contains("proxy-01:4711 (this process)"));
        assertTrue(html.contains("2026-11-23 11:59:00 UTC · repair · 1 move · failed: strategy failed"));
        assertTrue(html.contains("<code>0f</code> dtable-server-09 → dtable-server-01"));
        assertTrue(html.contains("curl -X POST http://proxy:5555/rebalance/"));
        assertTrue(html.contains("<span class=\"value bad\">2</span>"), "two buckets without live owner, in red");
    }

    @Test
    void textFromEtcdOrTheRequestIsEscapedAndNothingIsFetched() {
        String evil = "dtable-server-<script>alert(1)</script>";
        NodeEntry entry = new NodeEntry(evil, URI.create("https://a.example.com/?x=%22%3E"),
                URI.create("http://10.0.0.1/"), Map.of(), 1);
        ClusterSnapshot s = new ClusterSnapshot(5, Map.of(evil, entry),
                Assignment.builder(Assignment.BUCKETS).set(0, evil).build());
        ClusterReport report = new AdminSources(new InMemoryClusterView(s), () -> true, Optional::empty,
                List::of, Optional.empty(), Optional::empty, Reports.CLOCK).report();

        String html = StatusPage.render(report, "", "proxy:5555\"><b>x</b>");

        assertFalse(html.contains("<script"), "no script at all, least of all an injected one");
        assertTrue(html.contains("dtable-server-&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertFalse(html.contains("<b>x</b>"));
        assertFalse(Pattern.compile("(src|href)=\"(https?:)?//").matcher(html).find(), "no external assets");
        assertTrue(html.contains("no monitor in this process"));
    }
}
