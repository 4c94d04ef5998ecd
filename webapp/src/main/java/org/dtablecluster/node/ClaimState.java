package org.dtablecluster.node;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.SortedSet;
import org.dtablecluster.view.ClusterSnapshot;

/**
 * What the agent wants its dtable-server to serve, decided from the registration and the view
 * (OWNERSHIP.md): nothing while fenced, unregistered or giving the registration up; otherwise
 * {@link Ownership#owned} of the newest snapshot, but only of a snapshot at or after the agent's
 * own registration, so a node that comes back starts with nothing and never serves from a
 * picture older than its registration. Pure and loop-confined.
 */
final class ClaimState {

    /**
     * One wish.
     *
     * @param owned the buckets the server should serve
     * @param revision the snapshot revision it comes from; -1 before any snapshot
     * @param claiming false when {@code owned} is empty because the agent claims nothing
     */
    record Wish(SortedSet<Integer> owned, long revision, boolean claiming) {
        Wish {
            owned = Collections.unmodifiableSortedSet(new java.util.TreeSet<>(owned));
        }
    }

    private static final long UNREGISTERED = Long.MAX_VALUE;

    private final String nodeId;
    private long trustFrom = UNREGISTERED;
    private boolean fenced;
    private ClusterSnapshot latest;

    ClaimState(String nodeId) {
        this.nodeId = requireNonNull(nodeId, "nodeId is null");
    }

    /** A registration etcd confirmed at {@code revision}: snapshots from there on count. */
    void registered(long revision) {
        trustFrom = revision;
        fenced = false;
    }

    void unregistered() {
        trustFrom = UNREGISTERED;
    }

    /** The fencing deadline passed: claim nothing until the next registration. */
    void fence() {
        fenced = true;
    }

    /** Takes in a snapshot; an older one than already seen changes nothing. */
    void snapshot(ClusterSnapshot snapshot) {
        if (latest == null || snapshot.revision() >= latest.revision()) {
            latest = snapshot;
        }
    }

    /**
     * @param wanted false while the agent gives its registration up (stop, leave, failed health checks)
     * @return the wish, or {@code null} while registered but no snapshot at or after the
     *     registration has arrived yet (nothing to say before then)
     */
    Wish wish(boolean wanted) {
        long revision = latest == null ? -1 : latest.revision();
        if (!claiming(wanted)) {
            return new Wish(Collections.emptySortedSet(), revision, false);
        }
        if (revision < trustFrom) {
            return null;
        }
        return new Wish(Ownership.owned(nodeId, latest.assignment(), latest.moves(), latest.liveNodes().keySet()), revision, true);
    }

    boolean claiming(boolean wanted) {
        return wanted && !fenced && trustFrom != UNREGISTERED;
    }

    boolean fenced() {
        return fenced;
    }

    /** The newest snapshot taken in, or {@code null}. */
    ClusterSnapshot latest() {
        return latest;
    }
}
