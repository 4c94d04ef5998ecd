package org.dtablecluster.node;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.dtablecluster.view.BucketMoves;
import org.dtablecluster.view.ClusterSnapshot;
import org.dtablecluster.view.ClusterView;

/**
 * The etcd-backed view with the handoffs a test wrote into etcd laid over its snapshots, as the
 * view will fill {@link ClusterSnapshot#moves()} itself: nodes and assignment come from etcd.
 */
final class MovesOverlayView implements ClusterView {

    private final ClusterView etcd;
    private final List<Consumer<ClusterSnapshot>> listeners = new CopyOnWriteArrayList<>();
    private volatile BucketMoves moves = BucketMoves.none();

    MovesOverlayView(ClusterView etcd) {
        this.etcd = requireNonNull(etcd, "etcd is null");
        etcd.subscribe(s -> listeners.forEach(l -> l.accept(overlay(s))));
    }

    /** Lays {@code moves} over every snapshot from now on, and republishes the current one. */
    void moves(BucketMoves moves) {
        this.moves = moves;
        ClusterSnapshot now = current();
        listeners.forEach(l -> l.accept(now));
    }

    @Override
    public ClusterSnapshot current() {
        return overlay(etcd.current());
    }

    @Override
    public AutoCloseable subscribe(Consumer<ClusterSnapshot> listener) {
        listeners.add(listener);
        listener.accept(current());
        return () -> listeners.remove(listener);
    }

    private ClusterSnapshot overlay(ClusterSnapshot s) {
        return new ClusterSnapshot(s.revision(), s.liveNodes(), s.assignment(), moves, s.builtNanos());
    }
}
