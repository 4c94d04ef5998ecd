package org.dtablecluster.view;

/**
 * Whether a {@link ClusterView} follows etcd, as Curator names it.
 *
 * <ul>
 *   <li>{@code CONNECTED}: the view is in sync; its snapshot is current.
 *   <li>{@code SUSPENDED}: the view has not (yet, or for now) got etcd; it serves its last
 *       snapshot, which may be stale. Readers that write what they plan from it wait.
 *   <li>{@code LOST}: suspended for longer than the view's {@code lostAfter}: whatever etcd
 *       held under a lease then may be gone.
 * </ul>
 */
public enum ConnectionState {
    CONNECTED, SUSPENDED, LOST;

    public boolean isConnected() {
        return this == CONNECTED;
    }
}
