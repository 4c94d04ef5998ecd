/**
 * The contract test suite for assignment strategies: extend {@link AssignmentStrategyContractTest}.
 * What it checks:
 * <ul>
 *   <li>every bucket gets exactly one owner, and that owner is live;
 *   <li>a {@link org.dtablecluster.spi.RunKind#REPAIR} run moves exactly the buckets that have no
 *       live owner;
 *   <li>equal requests give equal assignments: asked twice, asked with an equal request built
 *       from differently ordered input, and asked on a new instance;
 *   <li>the request is unchanged after the call, the name and description are not blank, and
 *       the options of {@link AssignmentStrategyContractTest#options()} pass
 *       {@link org.dtablecluster.spi.AssignmentStrategy#validateOptions};
 *   <li>drains and pins: no bucket on a drained node while some live node is not drained,
 *       every pin to a live, undrained node honoured, pins to other nodes ignored, and a repair
 *       moving only buckets without a staying owner; with
 *       {@link AssignmentStrategyContractTest#rebalanceSpread()}, balance among the eligible nodes
 *       after every rebalance, counting pinned buckets;
 *   <li>all of the above over {@value AssignmentStrategyContractTest#DEFAULT_ROUNDS} rounds of a
 *       simulated cluster (see {@link ClusterSimulation}): nodes join, leave and come back still
 *       named as owners of old buckets, from 1 to {@link AssignmentStrategyContractTest#maxNodes()}
 *       live nodes, with buckets unowned or owned by dead nodes, nodes drained and undrained
 *       (sometimes all of them), buckets pinned and unpinned (sometimes more than a node's share
 *       on one node), in mixed repair and rebalance runs, each round's answer being the next
 *       round's current assignment.
 * </ul>
 * A strategy that does not {@linkplain org.dtablecluster.spi.AssignmentStrategy#honoursOperatorIntent()
 * honour drains and pins itself} is asked through {@link org.dtablecluster.spi.OperatorIntentAdapter},
 * as the monitor asks it, so a plugin written before drains and pins passes unchanged.
 */
package org.dtablecluster.tck;
