/**
 * Everything that talks to etcd, and the in-memory view built from it.
 *
 * <ul>
 *   <li>{@link org.dtablecluster.etcd.Keyspace}: the key layout (SeaTable's {@code dtable-server-*}
 *       and {@code assign-xx}, our own state under {@code dtable-cluster/}), with an optional prefix:
 *       the only place that spells a key.
 *   <li>{@link org.dtablecluster.etcd.NodeRegistration}: the JSON a node registers, and its parser.
 *   <li>{@link org.dtablecluster.etcd.EtcdClients}: jetcd clients from
 *       {@link org.dtablecluster.config.EtcdSettings}; read its notes on threads and failing fast.
 *   <li>{@link org.dtablecluster.etcd.EtcdLease}: one lease, the only class that keeps leases
 *       alive; it says when the newest acknowledged keep-alive was sent (fencing counts from
 *       there) and has one meaning of lost.
 *   <li>{@link org.dtablecluster.etcd.Failures}: what a future or jetcd threw, taken apart once.
 *   <li>{@link org.dtablecluster.etcd.EtcdClusterView}: the live
 *       {@link org.dtablecluster.view.ClusterView} the proxy, the monitor and the node role read;
 *       {@code ViewFollower} follows etcd for it, {@code ViewConnection} keeps its connection
 *       state, {@code ViewListeners} calls its listeners, {@code ViewState} applies changes.
 * </ul>
 *
 * Data flows one way: etcd, then the view, then its readers; nothing here calls back into them.
 */
package org.dtablecluster.etcd;
