package org.dtablecluster.tck;

/**
 * What a {@link ClusterSimulation} has exercised so far, so the suite's own tests can prove that
 * a thousand rounds really reach the corners they claim to reach.
 *
 * @param rounds requests produced
 * @param repairs requests of kind {@code REPAIR}
 * @param rebalances requests of kind {@code REBALANCE}
 * @param minLiveNodes the fewest live nodes in any request
 * @param maxLiveNodes the most live nodes in any request
 * @param withUnowned requests whose current assignment had a bucket with no owner
 * @param withDeadOwners requests whose current assignment had a bucket owned by a non-live node
 * @param withStaleReturns requests in which a node came back still owning some of its old buckets
 */
public record Coverage(
        int rounds,
        int repairs,
        int rebalances,
        int minLiveNodes,
        int maxLiveNodes,
        int withUnowned,
        int withDeadOwners,
        int withStaleReturns) {

    public Coverage {
        if (rounds < 0 || repairs < 0 || rebalances < 0 || withUnowned < 0 || withDeadOwners < 0
                || withStaleReturns < 0) {
            throw new IllegalArgumentException("counts must be >= 0");
        }
        if (repairs + rebalances != rounds) {
            throw new IllegalArgumentException("repairs + rebalances must equal rounds, was "
                    + repairs + " + " + rebalances + " for " + rounds + " rounds");
        }
    }
}
