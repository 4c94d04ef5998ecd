package org.dtablecluster.etcd;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.dtablecluster.view.ClusterSnapshot;
import org.dtablecluster.view.ConnectionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The view's listeners, called on a thread of their own, so a slow listener delays other
 * listeners but never the view, and what one throws is logged and hurts nobody. Snapshot
 * listeners are given the latest snapshot (one that falls behind skips intermediate ones);
 * connection-state listeners are told every change, in order, after the state at subscription.
 */
final class ViewListeners implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ViewListeners.class);

    private final String logContext;
    private final Supplier<ClusterSnapshot> current;
    private final List<Subscription<ClusterSnapshot>> snapshots = new CopyOnWriteArrayList<>();
    private final List<Subscription<ConnectionState>> states = new CopyOnWriteArrayList<>();
    private final AtomicBoolean snapshotPending = new AtomicBoolean();
    private final ExecutorService notifier;
    private volatile Thread thread;

    ViewListeners(String logContext, Supplier<ClusterSnapshot> current) {
        this.logContext = requireNonNull(logContext, "logContext is null");
        this.current = requireNonNull(current, "current is null");
        this.notifier = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "dtable-cluster-view-listeners");
            t.setDaemon(true);
            thread = t;
            return t;
        });
    }

    /** @param hasSnapshot whether the view has read etcd already (then the listener is called at once) */
    AutoCloseable addSnapshotListener(Consumer<ClusterSnapshot> listener, boolean hasSnapshot) {
        Subscription<ClusterSnapshot> s = new Subscription<>(listener, snapshots);
        snapshots.add(s);
        if (hasSnapshot) {
            snapshotChanged();
        }
        return s;
    }

    AutoCloseable addStateListener(Consumer<ConnectionState> listener, ConnectionState now) {
        Subscription<ConnectionState> s = new Subscription<>(listener, states);
        states.add(s);
        later(() -> s.deliver(now));
        return s;
    }

    /** A new snapshot is current; listeners that are behind get it (coalesced). */
    void snapshotChanged() {
        if (snapshotPending.compareAndSet(false, true)) {
            later(() -> {
                snapshotPending.set(false);
                ClusterSnapshot s = current.get();
                snapshots.forEach(sub -> sub.deliver(s));
            });
        }
    }

    void stateChanged(ConnectionState next) {
        states.forEach(sub -> later(() -> sub.deliver(next)));
    }

    boolean onListenerThread() {
        return Thread.currentThread() == thread;
    }

    @Override
    public void close() {
        notifier.shutdown();
        snapshots.clear();
        states.clear();
    }

    void awaitTermination(Duration timeout) throws InterruptedException {
        notifier.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void later(Runnable task) {
        try {
            notifier.execute(task);
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    private final class Subscription<T> implements AutoCloseable {
        private final Consumer<T> listener;
        private final List<Subscription<T>> owner;
        private volatile boolean active = true;
        private T last;  // listener thread only

        Subscription(Consumer<T> listener, List<Subscription<T>> owner) {
            this.listener = requireNonNull(listener, "listener is null");
            this.owner = owner;
        }

        void deliver(T value) {
            if (!active || value == last) {
                return;
            }
            last = value;
            try {
                listener.accept(value);
            } catch (RuntimeException e) {
                LOG.warn("{} listener {} failed on {}", logContext, listener, value, e);
            }
        }

        @Override
        public void close() {
            active = false;
            owner.remove(this);
        }
    }
}
