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
 *   <li>in a {@link RunKind#REPAIR} run, every bucket whose current owner is live keeps that
 *       owner: only buckets with no live owner change;
 *   <li>it is deterministic: equal requests give equal assignments (no clock, no unseeded
 *       randomness, no iteration over hash-ordered collections that leaks into the result).
 * </ol>
 * A {@link RunKind#REBALANCE} run may move any bucket; a good strategy reaches its balance with
 * as few moves as it can, since every move unloads a base from one dtable-server and loads it on
 * another.
 *
 * <p>The monitor checks the result with {@link AssignmentValidator} before it writes anything: a
 * strategy that throws or breaks rule 1 or 2 changes nothing in etcd, and its error is shown to
 * the operator. The contract test suite ({@code dtable-cluster-plugin-tck}) checks all three
 * rules over many random rounds; extend it in your plugin's tests.
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

    /** One line for operators: what the strategy optimises. */
    default String description() {
        return name();
    }
}
