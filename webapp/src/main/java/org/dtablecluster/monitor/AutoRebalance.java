package org.dtablecluster.monitor;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.Set;

/**
 * When the leader rebalances by itself ({@code auto_rebalance}), and how many buckets it may move:
 * once the set of live nodes has stayed the same for {@code rebalance_hold_off_seconds}, while no
 * earlier move is still in handoff, and at most {@code max_moves_per_minute} moves in any rolling
 * minute. Every change of the live set starts the hold-off again, so a node that flaps causes one
 * rebalance once it has settled, not one per flap. After a rebalance that found nothing to move,
 * nothing runs until the live set changes again.
 *
 * <p>Pure: time is passed in. Confined to the monitor's loop.
 */
final class AutoRebalance {

    static final Duration WINDOW = Duration.ofMinutes(1);

    /**
     * What to do now.
     *
     * @param budget how many moves a run may make now; 0 when none should run
     * @param reason why not, for logs and tests; empty when a run is due
     */
    record Decision(int budget, Optional<String> reason) {
        Decision {
            requireNonNull(reason, "reason is null");
            if (budget < 0 || (budget > 0) == reason.isPresent()) {
                throw new IllegalArgumentException("a run has a budget and no reason: " + budget + " " + reason);
            }
        }

        static Decision wait(String reason) {
            return new Decision(0, Optional.of(reason));
        }

        boolean run() {
            return budget > 0;
        }
    }

    private final boolean enabled;
    private final Duration holdOff;
    private final int maxPerMinute;
    private final Deque<Instant> moves = new ArrayDeque<>();
    private Set<String> live;
    private Instant stableSince;
    private boolean balanced;

    AutoRebalance(boolean enabled, Duration holdOff, int maxPerMinute) {
        this.enabled = enabled;
        this.holdOff = requireNonNull(holdOff, "holdOff is null");
        if (maxPerMinute < 1) {
            throw new IllegalArgumentException("maxPerMinute must be >= 1, was " + maxPerMinute);
        }
        this.maxPerMinute = maxPerMinute;
    }

    /** The live nodes as the latest snapshot has them; a change starts the hold-off again. */
    void live(Set<String> nodes, Instant now) {
        if (!nodes.equals(live)) {
            live = Set.copyOf(nodes);
            stableSince = now;
            balanced = false;
        }
    }

    /** @param settled no handoff is open and no planned move waits for one */
    Decision decide(Instant now, boolean settled) {
        if (!enabled) {
            return Decision.wait("auto_rebalance is off");
        }
        if (stableSince == null) {
            return Decision.wait("no live nodes seen yet");
        }
        if (balanced) {
            return Decision.wait("balanced since the live nodes last changed");
        }
        Instant due = stableSince.plus(holdOff);
        if (now.isBefore(due)) {
            return Decision.wait("the live nodes changed at " + stableSince + "; holding off until " + due);
        }
        if (!settled) {
            return Decision.wait("earlier moves are still in handoff");
        }
        int budget = budget(now);
        return budget == 0 ? Decision.wait(maxPerMinute + " moves in the last minute; the next is allowed at "
                + moves.peekFirst().plus(WINDOW)) : new Decision(budget, Optional.empty());
    }

    /** A run moved {@code count} buckets at {@code now}; {@code rest} moves of its plan were left for later. */
    void ran(int count, int rest, Instant now) {
        for (int i = 0; i < count; i++) {
            moves.addLast(now);
        }
        if (count == 0 && rest == 0) {
            balanced = true;
        }
        expire(now);
    }

    /** Moves still allowed in the minute that ends {@code now}. */
    int budget(Instant now) {
        expire(now);
        return Math.max(0, maxPerMinute - moves.size());
    }

    private void expire(Instant now) {
        Instant from = now.minus(WINDOW);
        while (!moves.isEmpty() && !moves.peekFirst().isAfter(from)) {
            moves.removeFirst();
        }
    }
}
