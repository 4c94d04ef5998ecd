package org.dtablecluster.tunnel;

import org.dtablecluster.proxy.TunnelClosure;
import org.dtablecluster.view.ClusterSnapshot;

/** Whether an open tunnel still goes where its request would be routed now. */
final class TunnelVerdicts {

    private TunnelVerdicts() {
    }

    /**
     * @param bucket the bucket the tunnel's request named, or -1 when it named no base
     * @param nodeId the node the tunnel goes to
     * @return {@code null} to keep the tunnel; {@link TunnelClosure#OWNER_LOST} when the node is no
     *     longer live; {@link TunnelClosure#BUCKET_MOVED} when the bucket's {@code assign-xx} names
     *     another node or none, or its handoff has started (the old owner is about to release it)
     */
    static TunnelClosure verdict(int bucket, String nodeId, ClusterSnapshot snapshot) {
        if (!snapshot.liveNodes().containsKey(nodeId)) {
            return TunnelClosure.OWNER_LOST;
        }
        if (bucket < 0 || bucket >= snapshot.assignment().bucketCount()) {
            return null;
        }
        return nodeId.equals(snapshot.assignment().ownerOrNull(bucket)) && !snapshot.moves().moving(bucket) ? null
                : TunnelClosure.BUCKET_MOVED;
    }
}
