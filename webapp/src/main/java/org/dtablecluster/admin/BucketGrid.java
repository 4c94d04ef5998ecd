package org.dtablecluster.admin;

import static org.dtablecluster.admin.Html.esc;

import org.dtablecluster.view.ClusterSnapshot;

/**
 * The 256 buckets as a 16×16 table: row = first hex digit, column = second, each cell coloured
 * by its owner ({@link NodeColors}). A cell whose owner is not live is striped; a cell with no
 * owner is grey. Each cell carries {@code data-bucket} and {@code data-owner} for tools and tests,
 * and a tooltip.
 */
final class BucketGrid {

    private static final int SIDE = 16;

    private BucketGrid() {
    }

    static void render(StringBuilder out, ClusterSnapshot s) {
        out.append("<table class=\"grid\" aria-label=\"bucket owners\"><thead><tr><th></th>");
        for (int col = 0; col < SIDE; col++) {
            out.append("<th scope=\"col\">").append(Integer.toHexString(col)).append("</th>");
        }
        out.append("</tr></thead><tbody>\n");
        for (int row = 0; row < SIDE; row++) {
            out.append("<tr><th scope=\"row\">").append(Integer.toHexString(row)).append("</th>");
            for (int col = 0; col < SIDE; col++) {
                cell(out, s, row * SIDE + col);
            }
            out.append("</tr>\n");
        }
        out.append("</tbody></table>\n");
    }

    private static void cell(StringBuilder out, ClusterSnapshot s, int bucket) {
        String hex = ClusterReport.hex(bucket);
        String owner = s.assignment().ownerOrNull(bucket);
        out.append("<td data-bucket=\"").append(hex).append("\" data-owner=\"").append(esc(owner)).append('"');
        if (owner == null) {
            out.append(" class=\"cell none\" title=\"").append(hex).append(": no owner\">");
        } else if (s.liveOwner(bucket) == null) {
            out.append(" class=\"cell down\" style=\"--c:").append(NodeColors.of(owner)).append("\" title=\"")
                    .append(hex).append(": ").append(esc(owner)).append(" (not live)\">");
        } else {
            out.append(" class=\"cell\" style=\"--c:").append(NodeColors.of(owner)).append("\" title=\"")
                    .append(hex).append(": ").append(esc(owner)).append("\">");
        }
        out.append(hex).append("</td>");
    }
}
