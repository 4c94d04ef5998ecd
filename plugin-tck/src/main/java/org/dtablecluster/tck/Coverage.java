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
 * @param withDrains requests with a drained live node while another live node is not drained
 * @param withEveryNodeDrained requests in which every live node was drained
 * @param withPins requests with a pin to an eligible node
 * @param withIgnoredPins requests with a pin to a node that is not live or is drained
 * @param withOverPinnedNode requests in which some node had more pins than an even share
 */
public record Coverage(
        int rounds,
        int repairs,
        int rebalances,
        int minLiveNodes,
        int maxLiveNodes,
        int withUnowned,
        int withDeadOwners,
        int withStaleReturns,
        int withDrains,
        int withEveryNodeDrained,
        int withPins,
        int withIgnoredPins,
        int withOverPinnedNode) {

    public Coverage {
        if (rounds < 0 || repairs < 0 || rebalances < 0 || withUnowned < 0 || withDeadOwners < 0
                || withStaleReturns < 0 || withDrains < 0 || withEveryNodeDrained < 0 || withPins < 0
                || withIgnoredPins < 0 || withOverPinnedNode < 0) {
            throw new IllegalArgumentException("counts must be >= 0");
        }
        if (repairs + rebalances != rounds) {
            throw new IllegalArgumentException("repairs + rebalances must equal rounds, was "
                    + repairs + " + " + rebalances + " for " + rounds + " rounds");
        }
    }
}
