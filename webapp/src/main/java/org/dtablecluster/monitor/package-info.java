/**
 * The monitor role: the proxies' instances elect a leader through etcd, and the leader keeps
 * every bucket owned by a live node by running the configured assignment strategy and writing
 * its answer to the {@code assign-xx} keys.
 *
 * <p>{@link org.dtablecluster.monitor.Monitor} is the entry point; the strategy is found by
 * {@link org.dtablecluster.monitor.StrategyRegistry}; {@link org.dtablecluster.monitor.RebalanceServlet}
 * is the operator's {@code POST /rebalance/}. Planning is pure ({@code RunPlanner},
 * {@code ReregistrationGrace}); the I/O lives in {@code LeaderElection} and
 * {@code AssignmentWriter}.
 */
package org.dtablecluster.monitor;
