package org.dtablecluster.node;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.dtablecluster.view.ClusterSnapshot;

/**
 * The buckets one node owns according to the {@code assign-xx} keys, followed snapshot by
 * snapshot. Ownership is what etcd says, live or not: the monitor moves a dead node's buckets,
 * and the node learns of that as a loss like any other. Not thread-safe: one owner thread.
 */
final class OwnedBuckets {

    private final String nodeId;
    private SortedSet<Integer> owned = Collections.emptySortedSet();
    private long revision = -1;

    OwnedBuckets(String nodeId) {
        this.nodeId = requireNonNull(nodeId, "nodeId is null");
    }

    /**
     * Takes in a snapshot.
     *
     * @return the change, or {@code null} when nothing changed for this node or the snapshot is
     *     older than one already seen
     */
    BucketChange update(ClusterSnapshot snapshot) {
        if (snapshot.revision() < revision) {
            return null;
        }
        revision = snapshot.revision();
        SortedSet<Integer> now = new TreeSet<>(snapshot.assignment().bucketsOf(nodeId));
        if (now.equals(owned)) {
            return null;
        }
        BucketChange change = BucketChange.between(owned, now, snapshot.revision());
        owned = now;
        return change;
    }

    List<Integer> owned() {
        return List.copyOf(owned);
    }

    /** The revision of the newest snapshot taken in; -1 before the first. */
    long revision() {
        return revision;
    }
}
