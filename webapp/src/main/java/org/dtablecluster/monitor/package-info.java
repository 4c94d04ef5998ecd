/**
 * The monitor role: the proxies' instances elect a leader through etcd, and the leader keeps
 * every bucket owned by a live node by running the configured assignment strategy and writing
 * its answer to the {@code assign-xx} keys.
 *
 * <h2>The parts</h2>
 * <ul>
 *   <li>{@link org.dtablecluster.monitor.Monitor}: the entry point (lifecycle, status, rebalance),
 *       built by {@link org.dtablecluster.monitor.MonitorBuilder}; one
 *       {@link org.dtablecluster.concurrent.EventLoop} runs all of it.
 *   <li>{@code LeaderElection}: campaigns on an {@link org.dtablecluster.etcd.EtcdLease}
 *       ({@code ElectionKeyWatch}, {@code LeaseLeftovers}, {@code RetryDelay} are its pieces);
 *       {@code LeaderObserver} keeps who leads in memory, so no status read asks etcd.
 *   <li>{@code RunTriggers}: when a repair runs (membership, election, view back in sync, grace
 *       over, refresh, interval), reacting to the view's connection state.
 *   <li>{@code RunPipeline}: one run. {@code plan} (pure: {@code RunPlanner},
 *       {@code ReregistrationGrace}) answers a sealed {@code Planning}; the moves go to a
 *       {@code MoveApplier}, which reports what it applied; the run ends as a sealed
 *       {@code RunOutcome} kept in {@code RunHistory}. The applier is {@code HandoffExecutor}:
 *       the moves become wanted moves, carried out through the pure {@code HandoffPlanner} on the
 *       loop, on every snapshot and on a timer ({@code HandoffTransactions}: guarded start, flip
 *       and cancel, never blocking); moves that need no handoff go to {@code AssignmentWriter},
 *       which writes {@code assign-xx} at once. {@code HandoffStatus} is what it shows.
 *   <li>{@code RebalanceAnswers}: how a plan or a run answers an operator
 *       ({@link org.dtablecluster.monitor.RebalanceResult}; the HTTP endpoint is
 *       {@code admin.RebalanceServlet}).
 * </ul>
 * Strategies are found by {@link org.dtablecluster.plugins.StrategyRegistry}.
 *
 * <h2>Re-registration grace</h2>
 * After an etcd outage or a change of leader, a node may be missing only because it has not
 * registered again yet; moving its buckets would unload every base it holds for nothing. So for
 * up to {@code reregisterGrace} after this instance gains leadership, and after the view is back
 * in sync following an outage, buckets whose owner is named in its assign key but not live keep
 * that owner; everything else is repaired normally, so buckets with no assign key at all (a
 * fresh cluster) are assigned at once. The grace ends early once every named owner is live
 * again; after an outage, once every named owner has registered anew, since a registration that
 * survived the outage may belong to a lease nobody renews any more (see
 * {@link org.dtablecluster.monitor.ReregistrationGrace}). Outside a grace, a node that stops (its key deleted while etcd
 * and the view were fine) has its buckets moved at once. The price: a node that stops during a
 * grace keeps its buckets until the grace ends.
 *
 * <h2>Writes</h2>
 * The strategy's answer is checked with {@link org.dtablecluster.spi.AssignmentValidator} first:
 * a strategy that throws or breaks its contract changes nothing, and the error is kept in the
 * run's {@link org.dtablecluster.monitor.RunRecord}. Only changed keys are written, in transactions of at most 100 puts,
 * each guarded by this instance's election key; when etcd refuses one, this instance drops
 * leadership at once and campaigns again. Before planning, a run waits (briefly) until the view
 * shows the monitor's own last write, so that it never plans from a state older than what it
 * wrote.
 *
 */
package org.dtablecluster.monitor;
