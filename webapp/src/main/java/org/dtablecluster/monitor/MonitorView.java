package org.dtablecluster.monitor;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.dtablecluster.etcd.EtcdClusterView;
import org.dtablecluster.view.ClusterSnapshot;
import org.dtablecluster.view.ClusterView;

/**
 * What the monitor needs from the cluster view: the snapshot, change notifications, whether the
 * view is in sync with etcd, and a way to wait until it has seen the monitor's own write. The
 * plain {@link ClusterView} contract has no connection state, so the monitor asks for this
 * instead; {@link #of(EtcdClusterView)} adapts the etcd-fed view.
 */
public interface MonitorView {

    ClusterSnapshot current();

    /** See {@link ClusterView#subscribe}. */
    AutoCloseable subscribe(Consumer<ClusterSnapshot> listener);

    /** True while the view follows etcd; false before its first read and during an outage. */
    boolean isConnected();

    /**
     * Waits until the view has applied {@code revision}.
     *
     * @return false when it has not within {@code timeout}
     */
    boolean awaitRevision(long revision, Duration timeout) throws InterruptedException;

    static MonitorView of(EtcdClusterView view) {
        requireNonNull(view, "view is null");
        return new MonitorView() {
            @Override
            public ClusterSnapshot current() {
                return view.current();
            }

            @Override
            public AutoCloseable subscribe(Consumer<ClusterSnapshot> listener) {
                return view.subscribe(listener);
            }

            @Override
            public boolean isConnected() {
                return view.isConnected();
            }

            @Override
            public boolean awaitRevision(long revision, Duration timeout) throws InterruptedException {
                try {
                    view.awaitRevision(revision, timeout);
                    return true;
                } catch (TimeoutException | IllegalStateException e) {
                    return false;
                }
            }

            @Override
            public String toString() {
                return "MonitorView[" + view.state() + " rev=" + view.lastRevision() + "]";
            }
        };
    }
}
