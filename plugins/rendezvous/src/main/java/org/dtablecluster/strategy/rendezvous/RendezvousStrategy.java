package org.dtablecluster.strategy.rendezvous;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.spi.AssignmentRequest;
import org.dtablecluster.spi.AssignmentStrategy;
import org.dtablecluster.spi.RunKind;

/**
 * {@value #NAME}: each bucket belongs to the live node with the highest
 * {@link RendezvousHash#score}, so a client that knows the live node ids can compute every
 * owner without reading the assignment, and a node's buckets depend only on which nodes are live.
 *
 * <h2>Rebalance</h2>
 * Every bucket goes to its rendezvous owner among the live nodes, whatever it had. A node
 * leaving moves only its own buckets; a node joining takes about {@code 1/(N+1)} of them, and
 * every bucket that moves goes to the new node.
 *
 * <h2>Repair</h2>
 * The contract comes first: a bucket whose owner is live keeps it, even when that owner is not
 * its rendezvous owner (after a node joined, say). Each orphaned bucket goes to its rendezvous
 * owner among the live nodes. So a repair may leave buckets off their rendezvous owner; a
 * rebalance puts them all back.
 *
 * <h2>Drains and pins</h2>
 * Both are honoured natively. A drained node is left out of the hash: "the live nodes" above
 * means the eligible nodes (live and not drained; every live node when all are drained), so a
 * drain moves exactly the drained node's buckets, each to its next-highest scorer, and an
 * undrain followed by a rebalance brings back exactly those. A pin overrides the hash: a pinned
 * bucket goes to its pin in every run, and returns to its rendezvous owner at the first
 * rebalance after the pin is lifted.
 *
 * <h2>Balance</h2>
 * Hashing balances only statistically: bucket counts per node spread much more than with
 * {@code sticky-balanced} (plugins/README.md has the measured figures). Choose it for
 * predictability and minimal movement, not for even load.
 *
 * <h2>Options</h2>
 * None; any option is refused at start-up, naming it.
 */
public final class RendezvousStrategy implements AssignmentStrategy {

    /** The name operators configure. */
    public static final String NAME = "rendezvous";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "each bucket on the live node with the highest rendezvous hash of (bucket, node id);"
                + " repairs keep live owners";
    }

    @Override
    public boolean honoursOperatorIntent() {
        return true;
    }

    @Override
    public void validateOptions(Map<String, String> options) {
        requireNonNull(options, "options is null");
        if (!options.isEmpty()) {
            throw new IllegalArgumentException(NAME + " takes no options, but got "
                    + new TreeMap<>(options).keySet() + "; remove them from strategy_options");
        }
    }

    @Override
    public Assignment assign(AssignmentRequest request) {
        requireNonNull(request, "request is null");
        // The node ids' bytes once per run; each bucket's key prefix once per bucket.
        List<String> ids = new ArrayList<>(request.eligibleNodes().keySet());
        List<byte[]> bytes = ids.stream().map(id -> id.getBytes(StandardCharsets.UTF_8)).toList();
        Assignment.Builder owners = request.current().toBuilder();
        for (int b = 0; b < request.bucketCount(); b++) {
            String pin = request.pinnedOwner(b).orElse(null);
            if (pin != null) {
                owners.set(b, pin);
            } else if (request.kind() == RunKind.REBALANCE || request.stayingOwner(b).isEmpty()) {
                owners.set(b, owner(b, ids, bytes));
            }
        }
        return owners.build();
    }

    /** {@link RendezvousHash#owner} over sorted ids, so the first of equal scores wins. */
    private static String owner(int bucket, List<String> sortedIds, List<byte[]> bytes) {
        long prefix = RendezvousHash.prefix(bucket);
        int best = 0;
        long bestScore = RendezvousHash.fmix64(RendezvousHash.fnv1a64(prefix, bytes.get(0)));
        for (int i = 1; i < sortedIds.size(); i++) {
            long s = RendezvousHash.fmix64(RendezvousHash.fnv1a64(prefix, bytes.get(i)));
            if (Long.compareUnsigned(s, bestScore) > 0) {
                best = i;
                bestScore = s;
            }
        }
        return sortedIds.get(best);
    }
}
