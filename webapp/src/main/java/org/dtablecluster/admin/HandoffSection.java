package org.dtablecluster.admin;

import static org.dtablecluster.admin.Html.esc;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.dtablecluster.monitor.HandoffStatus;
import org.dtablecluster.view.BucketMoves;
import org.dtablecluster.view.Handoff;

/**
 * The page's handoff section: the buckets in handoff as the view has them (every role sees
 * them), and with a monitor in this process, what its handoffs came to and the latest
 * cancellations with their reasons.
 */
final class HandoffSection {

    private HandoffSection() {
    }

    static void render(StringBuilder out, BucketMoves moves, Optional<HandoffStatus> monitor, DateTimeFormatter time) {
        if (moves.open().isEmpty() && monitor.map(m -> m.started() == 0 && m.cancelled() == 0).orElse(true)) {
            return;
        }
        out.append("<section><h2>Handoffs</h2>");
        monitor.ifPresent(m -> out.append("<p>").append(m.started()).append(" started · ").append(m.completed())
                .append(" completed · ").append(m.cancelled()).append(" cancelled · ").append(m.pending())
                .append(" waiting for a slot (at most ").append(m.maxConcurrent()).append(" at once, timeout ")
                .append(m.timeout().toSeconds()).append(" s)</p>\n"));
        if (moves.open().isEmpty()) {
            out.append("<p>No bucket is in handoff.</p>\n");
        } else {
            out.append("<table class=\"handoffs\"><thead><tr><th>Bucket</th><th>From</th><th>To</th><th>Since</th>"
                    + "<th>Released</th><th>Accepted</th></tr></thead><tbody>\n");
            for (Handoff h : moves.open()) {
                row(out, h, time.format(Instant.ofEpochMilli(h.startedEpochMs())),
                        yesNo(moves.released(h.bucket())), yesNo(moves.accepted(h.bucket())));
            }
            out.append("</tbody></table>\n");
        }
        monitor.filter(m -> !m.recentCancels().isEmpty()).ifPresent(m -> {
            out.append("<h3>Latest cancelled</h3><table class=\"handoffs\"><thead><tr><th>Bucket</th><th>From</th>"
                    + "<th>To</th><th>At</th><th>Why</th></tr></thead><tbody>\n");
            for (HandoffStatus.Cancelled c : m.recentCancels()) {
                row(out, c.handoff(), time.format(c.at()), c.reason());
            }
            out.append("</tbody></table>\n");
        });
        out.append("</section>\n");
    }

    private static void row(StringBuilder out, Handoff h, String... cells) {
        out.append("<tr data-bucket=\"").append(h.hex()).append("\"><td>").append(h.hex()).append("</td><td>")
                .append(esc(h.from())).append("</td><td>").append(esc(h.to())).append("</td>");
        for (String c : cells) {
            out.append("<td>").append(esc(c)).append("</td>");
        }
        out.append("</tr>\n");
    }

    private static String yesNo(boolean b) {
        return b ? "yes" : "no";
    }
}
