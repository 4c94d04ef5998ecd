package org.dtablecluster.view;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/** A cluster view a test sets by hand, standing in for the etcd-backed one. */
public final class InMemoryClusterView implements ClusterView {

    private final AtomicReference<ClusterSnapshot> current;
    private final List<Consumer<ClusterSnapshot>> listeners = new CopyOnWriteArrayList<>();

    public InMemoryClusterView(ClusterSnapshot initial) {
        this.current = new AtomicReference<>(requireNonNull(initial, "initial is null"));
    }

    public void set(ClusterSnapshot snapshot) {
        current.set(requireNonNull(snapshot, "snapshot is null"));
        listeners.forEach(l -> l.accept(snapshot));
    }

    @Override
    public ClusterSnapshot current() {
        return current.get();
    }

    @Override
    public AutoCloseable subscribe(Consumer<ClusterSnapshot> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}
