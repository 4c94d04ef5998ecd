package org.dtablecluster.admin;

import static org.dtablecluster.admin.Html.esc;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.dtablecluster.monitor.MonitorStatus;
import org.dtablecluster.monitor.RunRecord;
import org.dtablecluster.view.ClusterSnapshot;
import org.dtablecluster.node.NodeStatus;
import org.dtablecluster.proxy.ProxyMetrics;
import org.dtablecluster.spi.Move;

/**
 * The admin page at {@code /}: the bucket map, the nodes, the monitor's leader, its last run and
 * the last run that changed the assignment, the buckets in handoff, the timeline of recent changes
 * from the history in etcd, drains and pins, and the counters of this process, readable at a
 * glance. Server-rendered HTML, inline CSS, no script and nothing fetched from elsewhere, so it
 * works on an isolated admin network. Every value from etcd or a request is escaped.
 */
final class StatusPage {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final int MOVES_SHOWN = 24;

    private StatusPage() {
    }

    /**
     * @param contextPath the web application's context path, for links
     * @param authority the Host the page was asked for, for the curl example
     */
    static String render(ClusterReport r, String contextPath, String authority) {
        return render(r, TimelineSection.Timeline.absent(), contextPath, authority);
    }

    /** The page with the timeline of recent changes, below the handoffs. */
    static String render(ClusterReport r, TimelineSection.Timeline timeline, String contextPath, String authority) {
        StringBuilder out = new StringBuilder(48 * 1024);
        List<ClusterReport.NodeRow> nodes = r.nodes();
        long live = nodes.stream().filter(ClusterReport.NodeRow::live).count();
        out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta http-equiv=\"refresh\" content=\"30\">\n")
                .append("<title>dtable-cluster: ").append(live).append(" live nodes, revision ")
                .append(r.snapshot().revision()).append("</title>\n<style>").append(PageStyle.CSS)
                .append("</style></head>\n<body>\n<header><h1>dtable-cluster</h1><p class=\"meta\">")
                .append(TIME.format(r.at())).append(" · etcd revision ").append(r.snapshot().revision())
                .append(r.inSync() ? " · view in sync" : " · <span class=\"bad\">view NOT in sync with etcd</span>")
                .append(" · refreshes every 30 s</p></header>\n");
        facts(out, r, live);
        out.append("<div class=\"columns\">\n<section><h2>Buckets</h2>\n");
        BucketGrid.render(out, r.snapshot());
        legend(out, r);
        out.append("</section>\n<section><h2>Nodes</h2>\n");
        nodeTable(out, nodes, r.snapshot());
        out.append("</section>\n</div>\n");
        r.monitor().ifPresent(m -> monitor(out, m, r));
        HandoffSection.render(out, r.snapshot().moves(), r.monitor().map(MonitorStatus::handoffs), TIME);
        TimelineSection.render(out, timeline, TIME);
        IntentSection.render(out, r.snapshot(), TIME);
        r.proxy().ifPresent(p -> proxy(out, p));
        r.node().ifPresent(n -> node(out, n));
        String base = esc(contextPath);
        out.append("<footer>JSON: <a href=\"").append(base).append("/status\">").append(base).append("/status</a>")
                .append(" · base lookup: <code>").append(base).append("/bases/{uuid}</code>")
                .append(" · rebalance: <code>curl -X POST http://").append(esc(authority)).append(base)
                .append("/rebalance/</code> · JMX over HTTP: <code>").append(base).append("/jolokia/</code>")
                .append("</footer>\n</body></html>\n");
        return out.toString();
    }

    private static void facts(StringBuilder out, ClusterReport r, long live) {
        out.append("<section class=\"facts\">");
        fact(out, "Live nodes", String.valueOf(live), live == 0 ? "bad" : "");
        int orphans = r.bucketsWithoutLiveOwner();
        fact(out, "Buckets without live owner", String.valueOf(orphans), orphans == 0 ? "ok" : "bad");
        String leader = r.monitor().isEmpty() ? "no monitor in this process"
                : r.leader().map(l -> l + (r.monitor().get().leader() ? " (this process)" : "")).orElse("none known");
        fact(out, "Monitor leader", leader, r.monitor().isPresent() && r.leader().isEmpty() ? "bad" : "");
        String change = r.lastChange().map(StatusPage::runSummary)
                .orElse(r.monitor().isPresent() ? "none among the recent runs" : "–");
        boolean failed = r.lastChange().map(RunRecord::failed).orElse(false);
        fact(out, "Last change", change, failed ? "bad" : "");
        out.append("</section>\n");
    }

    private static void fact(StringBuilder out, String label, String value, String cssClass) {
        out.append("<div class=\"fact\"><span class=\"label\">").append(esc(label))
                .append("</span><span class=\"value ").append(cssClass).append("\">").append(esc(value))
                .append("</span></div>");
    }

    private static String runSummary(RunRecord run) {
        return TIME.format(run.startedAt()) + " · " + run.kind().name().toLowerCase(java.util.Locale.ROOT)
                + " · " + moves(run.moves().size()) + run.error().map(e -> " · failed: " + e).orElse("");
    }

    private static void legend(StringBuilder out, ClusterReport r) {
        out.append("<ul class=\"legend\">");
        for (ClusterReport.NodeRow n : r.nodes()) {
            out.append("<li><span class=\"swatch").append(n.live() ? "" : " down").append("\" style=\"--c:")
                    .append(NodeColors.of(n.nodeId())).append("\"></span>").append(esc(n.nodeId()))
                    .append(" <b>").append(n.buckets()).append("</b></li>");
        }
        out.append("<li><span class=\"swatch down\" style=\"--c:#bbb\"></span>owner not live</li>")
                .append("<li><span class=\"swatch none\"></span>no owner (").append(r.unassignedBuckets())
                .append(")</li></ul>\n<p class=\"hint\">A bucket holds the bases whose UUID starts with its two hex"
                        + " digits: row = first digit, column = second.</p>\n");
    }

    private static void nodeTable(StringBuilder out, List<ClusterReport.NodeRow> nodes, ClusterSnapshot s) {
        if (nodes.isEmpty()) {
            out.append("<p class=\"bad\">No node is registered and no bucket is assigned.</p>\n");
            return;
        }
        out.append("<table class=\"nodes\"><thead><tr><th>Node</th><th>Buckets</th><th>node_url</th>"
                + "<th>local_node_url</th></tr></thead><tbody>\n");
        for (ClusterReport.NodeRow n : nodes) {
            out.append("<tr data-node=\"").append(esc(n.nodeId())).append("\"><td><span class=\"swatch")
                    .append(n.live() ? "" : " down").append("\" style=\"--c:").append(NodeColors.of(n.nodeId()))
                    .append("\"></span>").append(esc(n.nodeId()))
                    .append(n.live() ? "" : " <span class=\"bad\">not live</span>")
                    .append(s.intent().isDrained(n.nodeId()) ? " <span class=\"drained\">drained</span>" : "")
                    .append("</td><td class=\"num\">")
                    .append(n.buckets()).append("<span class=\"bar\" style=\"width:")
                    .append(Math.round(n.buckets() * 100.0 / 256)).append("%\"></span></td><td>")
                    .append(n.entry().map(e -> esc(e.nodeUrl())).orElse("–")).append("</td><td>")
                    .append(n.entry().map(e -> esc(e.localNodeUrl())).orElse("–")).append("</td></tr>\n");
        }
        out.append("</tbody></table>\n");
    }

    private static void monitor(StringBuilder out, MonitorStatus m, ClusterReport r) {
        out.append("<section><h2>Monitor</h2><dl>");
        item(out, "this instance", m.instanceId() + (m.leader() ? " (leader)" : " (follower)"));
        item(out, "strategy", m.strategy());
        item(out, "in sync with etcd", m.inSync() ? "yes" : "no");
        m.graceUntil().ifPresent(g -> item(out, "re-registration grace until", TIME.format(g)));
        item(out, "runs / transactions", m.runs() + " / " + m.transactions());
        m.lastRun().ifPresent(run -> item(out, "last run", runSummary(run)));
        out.append("</dl>\n");
        r.lastChange().ifPresent(run -> lastChange(out, run));
        out.append("</section>\n");
    }

    private static void lastChange(StringBuilder out, RunRecord run) {
        out.append("<h3>Last change</h3><dl>");
        item(out, "started", TIME.format(run.startedAt()));
        item(out, "kind / trigger", run.kind().name().toLowerCase(java.util.Locale.ROOT) + " / " + run.trigger());
        item(out, "moves", String.valueOf(run.moves().size()));
        item(out, "error", run.error().orElse("none"));
        item(out, "revision written", run.revision() == 0 ? "nothing written" : String.valueOf(run.revision()));
        item(out, "took", run.took().toMillis() + " ms");
        out.append("</dl>\n");
        if (!run.moves().isEmpty()) {
            out.append("<ul class=\"moves\">");
            for (Move mv : run.moves().subList(0, Math.min(MOVES_SHOWN, run.moves().size()))) {
                out.append("<li><code>").append(mv.bucketHex()).append("</code> ").append(esc(orDash(mv.from())))
                        .append(" → ").append(esc(orDash(mv.to()))).append("</li>");
            }
            if (run.moves().size() > MOVES_SHOWN) {
                out.append("<li>… and ").append(run.moves().size() - MOVES_SHOWN).append(" more</li>");
            }
            out.append("</ul>\n");
        }
    }

    private static void proxy(StringBuilder out, ProxyMetrics p) {
        out.append("<section><h2>Proxy</h2><dl>");
        item(out, "forwarded", String.valueOf(p.forwardedTotal()));
        p.forwardedByNode().forEach((node, n) -> item(out, "→ " + node, String.valueOf(n)));
        for (Map.Entry<String, Long> e : p.errorsByCode().entrySet()) {
            item(out, "error " + e.getKey(), String.valueOf(e.getValue()));
        }
        item(out, "client aborts", String.valueOf(p.clientAborts()));
        item(out, "WebSocket tunnels open", String.valueOf(p.tunnels().openTotal()));
        p.tunnels().openByNode().forEach((node, n) -> item(out, "⇄ " + node, String.valueOf(n)));
        p.tunnels().closedByReason().forEach((reason, n) -> item(out, "tunnels closed " + reason, String.valueOf(n)));
        out.append("</dl></section>\n");
    }

    private static void node(StringBuilder out, NodeStatus n) {
        out.append("<section><h2>Node agent</h2><dl>");
        item(out, "node", n.nodeId() + " (" + n.state() + ")");
        item(out, "registered", n.registered() ? "yes, lease " + n.leaseIdHex() : "no");
        item(out, "claiming", n.claiming() ? "yes" : "no (left; rejoin() to return)");
        item(out, "last keep-alive", n.lastKeepAliveAt() == null ? "never" : TIME.format(n.lastKeepAliveAt()));
        item(out, "health probe", n.health() + " (" + n.consecutiveHealthFailures() + " failures in a row)");
        item(out, "owned buckets", n.ownedBuckets().size() + ": " + n.ownedBucketRanges());
        item(out, "handoff", !n.handoff().enabled() ? "no hook: best effort" : (n.handoff().fenced() ? "FENCED, " : "")
                + "server confirmed " + n.handoff().confirmedOwned() + " buckets, valid until "
                + (n.handoff().validUntil() == null ? "–" : TIME.format(n.handoff().validUntil())) + ", released "
                + n.handoff().releasesWritten() + ", accepted " + n.handoff().acceptancesWritten());
        if (n.lastError() != null) {
            item(out, "last error", n.lastError() + (n.lastErrorAt() == null ? "" : " at " + TIME.format(n.lastErrorAt())));
        }
        out.append("</dl></section>\n");
    }

    private static void item(StringBuilder out, String term, String value) {
        out.append("<dt>").append(esc(term)).append("</dt><dd>").append(esc(value)).append("</dd>");
    }

    private static String moves(int n) {
        return n + (n == 1 ? " move" : " moves");
    }

    private static String orDash(String s) {
        return s == null ? "–" : s;
    }
}
