package org.dtablecluster.proxy;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.view.BucketMoves;
import org.dtablecluster.view.ClusterSnapshot;
import org.dtablecluster.view.Handoff;
import org.dtablecluster.view.NodeEntry;

/** Builds cluster snapshots for tests. */
final class Snapshots {

    private Snapshots() {
    }

    static NodeEntry node(String nodeId, URI localNodeUrl) {
        return new NodeEntry(nodeId, URI.create("https://" + nodeId + ".example.com/"), localNodeUrl,
                Map.of("node_id", nodeId, "local_node_url", localNodeUrl.toString()), 1);
    }

    /** Live {@code nodes}; bucket {@code b} owned by {@code owner.apply(b)} (null: unowned). */
    static ClusterSnapshot of(long revision, Map<String, URI> nodes, IntFunction<String> owner) {
        Map<String, NodeEntry> live = new LinkedHashMap<>();
        nodes.forEach((id, url) -> live.put(id, node(id, url)));
        Assignment.Builder assignment = Assignment.builder(Assignment.BUCKETS);
        for (int b = 0; b < Assignment.BUCKETS; b++) {
            assignment.set(b, owner.apply(b));
        }
        return new ClusterSnapshot(revision, live, assignment.build());
    }

    /** {@code snapshot} with bucket {@code bucket} in handoff from {@code from} to {@code to}. */
    static ClusterSnapshot moving(ClusterSnapshot snapshot, int bucket, String from, String to) {
        BucketMoves moves = snapshot.moves().toBuilder()
                .handoff(bucket, new Handoff(bucket, from, to, 1, 0, snapshot.revision()))
                .build();
        return new ClusterSnapshot(snapshot.revision(), snapshot.liveNodes(), snapshot.assignment(), moves,
                snapshot.builtNanos());
    }
}
