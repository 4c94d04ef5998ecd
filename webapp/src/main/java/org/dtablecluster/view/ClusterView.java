package org.dtablecluster.view;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The live, in-memory picture of the cluster. Implementations swap in a new
 * {@link ClusterSnapshot} atomically whenever etcd changes, and keep serving the last one while
 * etcd is unreachable; {@link #connectionState()} says whether they are in sync. The defaults
 * describe a view that never loses its source (a fixed picture, in tests and tools).
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

    /** Whether the view follows its source now; cheap, never blocks. */
    default ConnectionState connectionState() {
        return ConnectionState.CONNECTED;
    }

    default boolean isConnected() {
        return connectionState().isConnected();
    }

    /**
     * Calls {@code listener} with the current state, then with every change, in order, on the
     * view's own thread (the one snapshot listeners run on). What a listener throws is logged and
     * hurts neither the view nor other listeners.
     *
     * @return a handle that removes the listener when closed
     */
    default AutoCloseable subscribeConnectionState(Consumer<ConnectionState> listener) {
        listener.accept(connectionState());
        return () -> { };
    }

    /**
     * How long, at the monotonic instant {@code nowNanos} ({@link System#nanoTime()}), the view has
     * been out of sync: zero while {@link ConnectionState#CONNECTED}, else the time since it last
     * knew its snapshot current. A proxy compares this with the owners' fencing deadline.
     */
    default Duration staleness(long nowNanos) {
        return Duration.ZERO;
    }

    /**
     * Waits until the view has applied {@code revision} (that of a change to a node or assign key,
     * or an earlier one), and returns the snapshot then current.
     *
     * @throws TimeoutException when it has not within {@code timeout}
     * @throws IllegalStateException when the view is or gets closed
     */
    default ClusterSnapshot awaitRevision(long revision, Duration timeout) throws InterruptedException,
            TimeoutException {
        ClusterSnapshot s = current();
        if (s.revision() < revision) {
            throw new TimeoutException("the view is at rev=" + s.revision() + " and never changes");
        }
        return s;
    }
}
