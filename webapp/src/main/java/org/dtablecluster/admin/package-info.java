/**
 * The admin port (5555): what operators and their tools use.
 *
 * <ul>
 *   <li>{@code GET /}: a page with the bucket map, the nodes, the leader and the last run;</li>
 *   <li>{@code GET /status}: the same as JSON;</li>
 *   <li>{@code GET /bases/{uuid}}: the node serving a base, as dtable-web looks it up;</li>
 *   <li>{@code POST /rebalance/}: the monitor's rebalance ({@code RebalanceServlet});</li>
 *   <li>{@code /jolokia/}: the MBeans of {@link org.dtablecluster.jmx} over HTTP.</li>
 * </ul>
 *
 * {@link org.dtablecluster.admin.AdminEndpoints} registers them; {@code AdminGuardFilter} keeps
 * them on the admin port and asks for an admin password where {@code AdminAccess} says one is
 * needed. Data flows one way: these read the cluster view and the roles' status and never write
 * etcd themselves.
 */
package org.dtablecluster.admin;
