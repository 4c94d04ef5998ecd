/**
 * The in-memory picture of the cluster every role reads; nothing here talks to etcd.
 *
 * <ul>
 *   <li>{@link org.dtablecluster.view.ClusterView}: the current
 *       {@link org.dtablecluster.view.ClusterSnapshot} (immutable, of one etcd revision, with the
 *       monotonic instant it was built), change notifications, and the
 *       {@link org.dtablecluster.view.ConnectionState} (CONNECTED, SUSPENDED, LOST) with its
 *       listeners and {@code staleness}, so a reader can tell how old its routing may be.
 *   <li>{@link org.dtablecluster.view.NodeEntry}: one live node; {@link org.dtablecluster.view.NodeId}:
 *       the rules of a node id, spelled once.
 * </ul>
 */
package org.dtablecluster.view;
