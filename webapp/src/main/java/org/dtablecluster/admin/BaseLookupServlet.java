package org.dtablecluster.admin;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.dtablecluster.BaseIds;
import org.dtablecluster.JsonAnswers;
import org.dtablecluster.json.Json;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.view.ClusterSnapshot;
import org.dtablecluster.view.NodeEntry;

/**
 * {@code GET /bases/{uuid}}: which dtable-server serves a base, the lookup dtable-web makes
 * (bucket from the UUID, owner from {@code assign-xx}, URLs from the owner's registration). The
 * UUID may be dashed or 32 hex digits, in any case.
 *
 * <ul>
 *   <li>200 {@code {"base": "8b2d…-…", "bucket": "8b", "node_id": "dtable-server-01",
 *       "node_url": …, "local_node_url": …, "revision": 1234}}; {@code base} is the dashed
 *       lowercase form;</li>
 *   <li>400 {@code bad_base_id} for anything that is not a UUID;</li>
 *   <li>503 {@code no_owner} with {@code Retry-After} when the bucket has no live owner
 *       ({@code node_id} names the owner that is not live, or is null).</li>
 * </ul>
 */
final class BaseLookupServlet extends ReadOnlyServlet {

    private static final long serialVersionUID = 1L;
    static final String RETRY_AFTER_SECONDS = "5";

    private final transient AdminSources sources;

    BaseLookupServlet(AdminSources sources) {
        this.sources = requireNonNull(sources, "sources is null");
    }

    @Override
    protected void doRead(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String id = baseIdOf(request.getPathInfo());
        int bucket = BaseIds.bucketOf(id);
        if (bucket == BaseIds.NOT_A_BASE_ID) {
            JsonAnswers.send(response, HttpServletResponse.SC_BAD_REQUEST, JsonAnswers.error("bad_base_id",
                    "'" + id + "' is not a base UUID (36 characters with dashes, or 32 hex digits)"));
            return;
        }
        ClusterSnapshot s = sources.view().current();
        String bucketHex = Assignment.hex(bucket);
        NodeEntry owner = s.liveOwner(bucket);
        if (owner == null) {
            String assigned = s.assignment().ownerOrNull(bucket);
            ObjectNode e = JsonAnswers.error("no_owner", "bucket " + bucketHex + (assigned == null
                    ? " has no owner yet" : " belongs to " + assigned + ", which is not live") + "; retry later");
            e.put("base", canonical(id)).put("bucket", bucketHex).put("node_id", assigned);
            response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
            JsonAnswers.send(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, e);
            return;
        }
        ObjectNode o = Json.object();
        o.put("base", canonical(id));
        o.put("bucket", bucketHex);
        o.put("node_id", owner.nodeId());
        o.put("node_url", owner.nodeUrl().toString());
        o.put("local_node_url", owner.localNodeUrl().toString());
        o.put("revision", s.revision());
        JsonAnswers.send(response, HttpServletResponse.SC_OK, o);
    }

    /** {@code /8b2d…/} → {@code 8b2d…}: one segment, one optional trailing slash. */
    private static String baseIdOf(String pathInfo) {
        if (pathInfo == null) {
            return "";
        }
        String id = pathInfo.startsWith("/") ? pathInfo.substring(1) : pathInfo;
        return id.endsWith("/") ? id.substring(0, id.length() - 1) : id;
    }

    /** The dashed lowercase form of a valid base id. */
    static String canonical(String id) {
        String hex = id.replace("-", "").toLowerCase(Locale.ROOT);
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20);
    }
}
