package org.dtablecluster.spi;

import java.util.Map;

/**
 * Decides which live node owns each bucket.
 *
 * <p>Implementations are found with {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/org.dtablecluster.spi.AssignmentStrategy} and give it a public
 * no-argument constructor. The monitor creates one instance and may call it from several threads
 * over its lifetime, one call at a time.
 *
 * <h2>The contract</h2>
 * For every valid request, {@link #assign} must return an {@link Assignment} such that:
 * <ol>
 *   <li>it has {@link AssignmentRequest#bucketCount()} buckets and every bucket has exactly one
 *       owner, which is one of {@link AssignmentRequest#liveNodes()};
 *   <li>in a {@link RunKind#REPAIR} run, every bucket that has a
 *       {@linkplain AssignmentRequest#stayingOwner(int) staying owner} keeps it: only buckets with
 *       no live owner, on a drained node, or pinned elsewhere change;
 *   <li>it is deterministic: equal requests give equal assignments (no clock, no unseeded
 *       randomness, no iteration over hash-ordered collections that leaks into the result);
 *   <li>no bucket is on a drained node, unless every live node is drained: every owner is one of
 *       {@link AssignmentRequest#eligibleNodes()};
 *   <li>every bucket with a {@linkplain AssignmentRequest#pinnedOwner(int) pinned owner} (a pin
 *       to an eligible node) is owned by it. Pins to nodes that are not live or drained are
 *       ignored.
 * </ol>
 * Rules 4 and 5 hold in both kinds of run. A {@link RunKind#REBALANCE} run may move any other
 * bucket; a good strategy reaches its balance among the eligible nodes, counting pinned buckets
 * as load on their node, with as few moves as it can, since every move unloads a base from one
 * dtable-server and loads it on another.
 *
 * <p>The monitor checks the result with {@link AssignmentValidator} before it writes anything: a
 * strategy that throws or breaks rule 1, 2, 4 or 5 changes nothing in etcd, and its error is
 * shown to the operator. The contract test suite ({@code dtable-cluster-plugin-tck}) checks all
 * five rules over many random rounds; extend it in your plugin's tests.
 *
 * <h2>Plugins built before drains and pins</h2>
 * A strategy that does not override {@link #honoursOperatorIntent()} is run through
 * {@link OperatorIntentAdapter#assign}: it is asked with only the eligible nodes as live nodes,
 * and the adapter then moves pinned buckets onto their pins, swapping where it can so that each
 * node keeps the bucket count the strategy chose. Such a plugin keeps working unchanged, and
 * drains and pins are still honoured.
 */
public interface AssignmentStrategy {

    /** The name operators put in {@code assignment_strategy}; unique among installed plugins. */
    String name();

    /** The assignment for {@code request}; see the class comment for the contract. */
    Assignment assign(AssignmentRequest request);

    /**
     * Checks the options from {@code strategy_options} once at start-up, so a typo stops the
     * WAR instead of surfacing at the first monitor run. The default accepts anything.
     *
     * @throws IllegalArgumentException naming the option and what was expected
     */
    default void validateOptions(Map<String, String> options) {
    }

    /**
     * True when {@link #assign} itself keeps rules 4 and 5 (drains and pins) of the contract.
     * The default, false, is what every plugin built before drains and pins existed says: the
     * monitor then asks it through {@link OperatorIntentAdapter}. Override it to return true once
     * your strategy reads {@link AssignmentRequest#eligibleNodes()} and
     * {@link AssignmentRequest#pinnedOwner(int)}.
     */
    default boolean honoursOperatorIntent() {
        return false;
    }

    /** One line for operators: what the strategy optimises. */
    default String description() {
        return name();
    }
}
