/**
 * The node role: runs beside one dtable-server and keeps it in the cluster.
 *
 * <ul>
 *   <li>{@link org.dtablecluster.node.NodeAgent}: the role itself. It registers the node in etcd
 *       under a lease and keeps it there while the dtable-server is healthy, refuses to take over
 *       a node id held by another live process, and reports bucket gains and losses.
 *   <li>{@link org.dtablecluster.node.NodeStatus}: its read-only state, for JMX and the admin page.
 *   <li>{@link org.dtablecluster.node.NodeIdTakenException}: why a start was refused.
 *   <li>{@link org.dtablecluster.node.BucketChange}: one change of the buckets it owns, as the
 *       assignment hook receives it.
 * </ul>
 *
 * Data flows one way: the node reads the cluster view and writes only its own registration key.
 */
package org.dtablecluster.node;
