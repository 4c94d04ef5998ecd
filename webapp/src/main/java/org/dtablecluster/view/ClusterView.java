package org.dtablecluster.view;

import java.util.function.Consumer;

/**
 * The live, in-memory picture of the cluster. Implementations swap in a new
 * {@link ClusterSnapshot} atomically whenever etcd changes, and keep serving the last one while
 * etcd is unreachable.
 */
public interface ClusterView {

    /** The latest snapshot; never null, cheap enough for every proxied request. */
    ClusterSnapshot current();

    /**
     * Calls {@code listener} with every new snapshot, on the view's own thread: first with the
     * current snapshot if the view has one already, then with each newer one. A listener that
     * falls behind is given the latest snapshot, skipping intermediate ones, so compare with the
     * last snapshot seen rather than assume consecutive revisions. Exceptions thrown by a listener
     * are logged and do not stop the view.
     *
     * @return a handle that removes the listener when closed
     */
    AutoCloseable subscribe(Consumer<ClusterSnapshot> listener);
}
