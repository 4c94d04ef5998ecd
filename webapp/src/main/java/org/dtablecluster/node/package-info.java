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
 * <p>What the agent does:
 * <ul>
 *   <li>Registers {@code <prefix><node_id>} with the registration JSON (plus an {@code instance}
 *       field, {@code host/pid/random}) on a lease of {@code lease_ttl_seconds}, created only if
 *       absent, and keeps the lease alive through {@link org.dtablecluster.etcd.EtcdLease}.
 *   <li>When the lease is lost (no keep-alive acknowledged for a TTL, or etcd no longer knows
 *       the lease) it grants a new lease and registers again, with backoff; a key still
 *       holding our own instance is replaced, another process's never.
 *   <li>Probes {@code local_node_url + health_check_path}; after {@code health_check_failures}
 *       failures in a row it revokes the lease so the monitor moves the buckets at once, and
 *       registers again when the probe recovers.
 *   <li>Follows the {@link org.dtablecluster.view.ClusterView} for the buckets this node owns; logs each change and, if
 *       {@code assignment_hook_path} is set, POSTs it to the dtable-server.
 *   <li>{@link org.dtablecluster.node.NodeAgent#close()} revokes the lease, so a graceful stop frees the buckets at once.
 * </ul>
 *
 * <p>Decisions at start-up:
 * <ul>
 *   <li>Another live process holding the node id fails {@link org.dtablecluster.node.NodeAgent#start()} with
 *       {@link org.dtablecluster.node.NodeIdTakenException}: a second dtable-server under the same id must not run
 *       unnoticed. If the conflict is only found later (etcd was down at start, or our key
 *       vanished and someone else registered it), the deployment can no longer be failed: the
 *       agent logs an error, keeps its hands off the key and tries again with backoff.
 *   <li>etcd unreachable does not fail {@link org.dtablecluster.node.NodeAgent#start()}: etcd and the dtable-servers are often
 *       started together, and a failed deployment would need a manual redeploy once etcd is up.
 *       The agent logs a warning and registers in the background as soon as etcd answers; until
 *       then it owns nothing, so nothing is routed to it.
 *   <li>It registers at once, before the first health probe answers (the takeover check needs
 *       the write anyway); an unhealthy dtable-server is deregistered after the configured
 *       failures.
 * </ul>
 *
 * Data flows one way: the node reads the cluster view and writes only its own registration key.
 */
package org.dtablecluster.node;
