package org.dtablecluster.tck;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.spi.AssignmentRequest;
import org.dtablecluster.spi.NodeInfo;
import org.dtablecluster.spi.RunKind;

/**
 * A cluster living through time, one monitor run per round: nodes join, leave and come back
 * (sometimes still owning some of their old buckets), etcd loses keys or still names dead
 * owners, the operator drains and undrains nodes and pins and unpins buckets (see
 * {@link OperatorActions}), and now and then asks for a rebalance. Call {@link #nextRequest()}, give
 * the request to the strategy, and hand its answer back with {@link #accept}; that answer is the
 * next round's current assignment.
 *
 * <p>Round {@code r} draws all its randomness from {@code new Random(roundSeed(seed, r))}, so
 * membership changes do not depend on how many random numbers earlier rounds used, and two
 * strategies tested with the same seed see the same nodes come and go. The operator's drains and
 * pins draw from a stream of their own, {@code roundSeed(~seed, r)}, so adding them changed none
 * of the membership a seed gave before.
 */
public final class ClusterSimulation {

    /** Gives a joining or returning node its registration, for example with a weight. */
    @FunctionalInterface
    public interface NodeFactory {
        NodeInfo newNode(String nodeId, Random random);
    }

    private final long seed;
    private final int bucketCount;
    private final int maxNodes;
    private final Map<String, String> options;
    private final Membership membership;
    private final OperatorActions operator;
    private final CoverageCounter coverage = new CoverageCounter();
    private Assignment current;
    private AssignmentRequest pending;
    private int round;

    /**
     * @param seed the seed of the whole run
     * @param bucketCount buckets per assignment, 256 in production
     * @param maxNodes the most live nodes at once; rounds reach both 1 and this
     * @param options the strategy options every request carries
     * @param nodeFactory gives joining nodes their attributes
     */
    public ClusterSimulation(long seed, int bucketCount, int maxNodes, Map<String, String> options,
            NodeFactory nodeFactory) {
        if (maxNodes < 1) {
            throw new IllegalArgumentException("maxNodes must be >= 1, was " + maxNodes);
        }
        this.seed = seed;
        this.bucketCount = bucketCount;
        this.maxNodes = maxNodes;
        this.options = Map.copyOf(options);
        this.membership =
                new Membership(maxNodes, requireNonNull(nodeFactory, "nodeFactory is null"));
        this.operator = new OperatorActions(bucketCount);
        this.current = Assignment.unassigned(bucketCount);
    }

    /**
     * The seed of one round's {@link Random}: a SplitMix64 mix of the run's seed and the round,
     * so neighbouring rounds get unrelated streams.
     */
    public static long roundSeed(long seed, int round) {
        long z = seed + (round + 1L) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The round the next request belongs to, counting from 0. */
    public int round() {
        return round;
    }

    /** What the rounds so far have exercised. */
    public Coverage coverage() {
        return coverage.snapshot();
    }

    /** This round's request; the same request again until {@link #accept} is called. */
    public AssignmentRequest nextRequest() {
        if (pending == null) {
            Random random = new Random(roundSeed(seed, round));
            // Restoring stale buckets draws a number of values that depends on the strategy's
            // earlier answers; a stream of its own keeps membership independent of the strategy.
            Random restore = new Random(random.nextLong());
            Assignment.Builder owners = current.toBuilder();
            boolean stale = changeMembership(random, restore, owners);
            damage(random, owners);
            RunKind kind = random.nextInt(5) < 2 ? RunKind.REBALANCE : RunKind.REPAIR;
            operator.act(new Random(roundSeed(~seed, round)), membership.live());
            pending = new AssignmentRequest(bucketCount, owners.build(), new TreeMap<>(membership.live()),
                    options, kind, operator.drained(), operator.pins());
            coverage.record(pending, stale);
        }
        return pending;
    }

    /** The strategy's answer to this round's request; it becomes the next round's current. */
    public void accept(Assignment result) {
        if (pending == null) {
            throw new IllegalStateException("no request is waiting for an answer");
        }
        requireNonNull(result, "result is null");
        if (result.bucketCount() != bucketCount) {
            throw new IllegalArgumentException(
                    "result has " + result.bucketCount() + " buckets, expected " + bucketCount);
        }
        current = result;
        pending = null;
        round++;
    }

    /** Applies this round's membership event; true when a node came back owning old buckets. */
    private boolean changeMembership(Random random, Random restore, Assignment.Builder owners) {
        if (membership.size() == 0) {
            repeat(1 + random.nextInt(Math.min(maxNodes, 8)), () -> membership.join(random));
            return false;
        }
        int event = random.nextInt(100);
        boolean stale = false;
        if (event < 25) {
            return false; // a quiet round: nothing changed since the last run
        } else if (event < 45) {
            repeat(1 + random.nextInt(3), () -> membership.join(random));
        } else if (event < 65) {
            repeat(1 + random.nextInt(3), () -> membership.leave(random, owners));
        } else if (event < 77) {
            for (int i = 1 + random.nextInt(3); i > 0; i--) {
                stale |= comeBack(random, restore, owners);
            }
        } else if (event < 85) {
            membership.leave(random, owners); // a rolling replacement under a new id
            membership.join(random);
        } else if (event < 97) {
            stale = resize(random, restore, owners);
        } else {
            wipe(owners); // etcd was reset, or the assign- keys were deleted by hand
        }
        return stale;
    }

    /** Jumps to a very different size, so 1 and {@code maxNodes} live nodes are both reached. */
    private boolean resize(Random random, Random restore, Assignment.Builder owners) {
        int pick = random.nextInt(3);
        int target = pick == 0 ? 1 : pick == 1 ? maxNodes : 1 + random.nextInt(maxNodes);
        boolean stale = false;
        while (membership.size() > target) {
            membership.leave(random, owners);
        }
        while (membership.size() < target) {
            if (membership.hasDeparted() && random.nextBoolean()) {
                stale |= comeBack(random, restore, owners);
            } else {
                membership.join(random);
            }
        }
        return stale;
    }

    /** A node returns; half the time etcd still names it as owner of some of its old buckets. */
    private boolean comeBack(Random random, Random restore, Assignment.Builder owners) {
        Membership.Returned back = membership.comeBack(random);
        boolean keepsOldKeys = random.nextBoolean();
        if (back == null || back.oldBuckets().isEmpty() || !keepsOldKeys) {
            return false;
        }
        for (int bucket : back.oldBuckets()) {
            if (restore.nextInt(3) > 0) {
                owners.set(bucket, back.nodeId());
            }
        }
        return true;
    }

    /** Keys lost, and keys still naming nodes that are gone or never were live. */
    private void damage(Random random, Assignment.Builder owners) {
        if (random.nextInt(100) < 15) {
            repeat(1 + random.nextInt(bucketCount / 4 + 1),
                    () -> owners.set(random.nextInt(bucketCount), null));
        }
        if (random.nextInt(100) < 10) {
            repeat(1 + random.nextInt(bucketCount / 8 + 1), () -> {
                String dead = membership.hasDeparted() && random.nextBoolean()
                        ? membership.randomDeparted(random)
                        : "dtable-server-gone-" + random.nextInt(1000);
                owners.set(random.nextInt(bucketCount), dead);
            });
        }
    }

    private static void wipe(Assignment.Builder owners) {
        for (int b = 0; b < owners.bucketCount(); b++) {
            owners.set(b, null);
        }
    }

    private static void repeat(int times, Runnable action) {
        for (int i = 0; i < times; i++) {
            action.run();
        }
    }
}
