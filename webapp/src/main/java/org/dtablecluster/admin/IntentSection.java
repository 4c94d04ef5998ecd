package org.dtablecluster.admin;

import static org.dtablecluster.admin.Html.esc;

import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.view.ClusterSnapshot;
import org.dtablecluster.view.OperatorIntent;

/**
 * The page's section of operator intent, as the view has it (every role sees it): drained nodes
 * (by whom, since when, how many buckets they still hold) and pinned buckets (where they are
 * pinned, where they are now, and whether the pin is honoured). Nothing when there is neither.
 */
final class IntentSection {

    private IntentSection() {
    }

    static void render(StringBuilder out, ClusterSnapshot s, DateTimeFormatter time) {
        OperatorIntent intent = s.intent();
        if (intent.drained().isEmpty() && intent.pins().isEmpty()) {
            return;
        }
        out.append("<section><h2>Drains and pins</h2>\n");
        if (!intent.drained().isEmpty()) {
            Map<String, Integer> counts = s.assignment().bucketCounts();
            out.append("<table class=\"drained\"><thead><tr><th>Drained node</th><th>By</th><th>Since</th>"
                    + "<th>Buckets still held</th></tr></thead><tbody>\n");
            intent.drained().forEach((node, d) -> out.append("<tr data-drained=\"").append(esc(node)).append("\"><td>")
                    .append(esc(node)).append(s.liveNodes().containsKey(node) ? "" : " <span class=\"bad\">not live</span>")
                    .append("</td><td>").append(esc(d.by().orElse("–"))).append("</td><td>")
                    .append(d.at().map(time::format).orElse("–")).append("</td><td class=\"num\">")
                    .append(counts.getOrDefault(node, 0)).append("</td></tr>\n"));
            out.append("</tbody></table>\n");
        }
        if (!intent.pins().isEmpty()) {
            out.append("<table class=\"pins\"><thead><tr><th>Pinned bucket</th><th>To</th><th>Owner now</th>"
                    + "</tr></thead><tbody>\n");
            intent.pins().forEach((bucket, node) -> {
                String owner = s.assignment().ownerOrNull(bucket);
                boolean honoured = s.liveNodes().containsKey(node) && !intent.isDrained(node);
                out.append("<tr data-pinned=\"").append(Assignment.hex(bucket)).append("\"><td>")
                        .append(Assignment.hex(bucket)).append("</td><td>").append(esc(node))
                        .append(honoured ? "" : " <span class=\"bad\">ignored: node not live or drained</span>")
                        .append("</td><td>").append(owner == null ? "–" : esc(owner)).append("</td></tr>\n");
            });
            out.append("</tbody></table>\n");
        }
        out.append("</section>\n");
    }
}
