package org.dtablecluster.proxy;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.dtablecluster.view.ClusterSnapshot;
import org.dtablecluster.view.NodeEntry;

/**
 * Decides where a request goes from its path, query and {@code Authorization} header and one
 * cluster snapshot. No lock, no I/O: a new snapshot takes effect on the next request.
 */
public final class Router {

    private static final RouteDecision NO_LIVE_NODE = new RouteDecision.NoLiveNode();

    private final AtomicInteger nextAnyNode = new AtomicInteger();
    private final IntSupplier spread = nextAnyNode::getAndIncrement;

    /** {@link #decide} with round-robin over the live nodes for requests that name no base. */
    public RouteDecision route(String path, String query, String authorization, ClusterSnapshot snapshot) {
        return decide(path, query, authorization, snapshot, spread);
    }

    /**
     * The decision for one request.
     *
     * @param path the path within the proxy's context, undecoded; routed by, and forwarded as, its
     *     normalised form ({@link RequestPath})
     * @param query the raw query string, or {@code null}
     * @param authorization the {@code Authorization} header, or {@code null}
     * @param spread asked only when the request names no base; its value, modulo the live node
     *     count, picks the node
     */
    public static RouteDecision decide(
            String path, String query, String authorization, ClusterSnapshot snapshot, IntSupplier spread) {
        String normal = RequestPath.normalise(path);
        if (normal == null) {
            return new RouteDecision.BadPath(RequestPath.problem(path));
        }
        String queryProblem = RequestPath.queryProblem(query);
        if (!queryProblem.isEmpty()) {
            return new RouteDecision.BadPath(queryProblem);
        }
        int bucket = BaseLocator.locate(normal, query, authorization);
        if (bucket == BaseLocator.BAD_PATH) {
            return new RouteDecision.BadBaseId(BaseLocator.badSegment(normal));
        }
        List<NodeEntry> live = snapshot.liveNodeList();
        if (live.isEmpty()) {
            return NO_LIVE_NODE;
        }
        if (bucket == BaseLocator.NONE) {
            return new RouteDecision.ToAnyNode(live.get(Math.floorMod(spread.getAsInt(), live.size())), normal);
        }
        NodeEntry owner = bucket < snapshot.assignment().bucketCount() ? snapshot.liveOwner(bucket) : null;
        return owner == null ? new RouteDecision.NoOwner(bucket) : new RouteDecision.ToOwner(owner, bucket, normal);
    }
}
