package org.dtablecluster.monitor;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.view.ClusterSnapshot;
import org.dtablecluster.view.NodeEntry;

/** Snapshots for the pure tests. */
final class Snapshots {

    private Snapshots() {
    }

    static NodeEntry node(String id, long modRevision) {
        return new NodeEntry(id, URI.create("https://" + id + ".example.com/"), URI.create("http://10.0.0.1/"),
                Map.of("node_id", id, "node_url", "https://" + id + ".example.com/", "local_node_url",
                        "http://10.0.0.1/", "zone", "a"), modRevision);
    }

    static ClusterSnapshot snapshot(long revision, List<NodeEntry> live, Assignment assignment) {
        Map<String, NodeEntry> nodes = new TreeMap<>();
        live.forEach(n -> nodes.put(n.nodeId(), n));
        return new ClusterSnapshot(revision, nodes, assignment);
    }

    /** Buckets dealt round-robin to {@code owners}. */
    static Assignment roundRobin(String... owners) {
        Assignment.Builder b = Assignment.builder(Assignment.BUCKETS);
        for (int i = 0; i < Assignment.BUCKETS; i++) {
            b.set(i, owners[i % owners.length]);
        }
        return b.build();
    }
}
