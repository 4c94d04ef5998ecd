package org.dtablecluster.spi;

import static java.util.Objects.requireNonNull;

import java.util.Collections;

/**
 * Makes a strategy built before drains and pins existed honour them, so the monitor can ask
 * every strategy the same way: {@code OperatorIntentAdapter.assign(strategy, request)}.
 *
 * <p>A strategy that {@linkplain AssignmentStrategy#honoursOperatorIntent() honours them itself}
 * is asked as it is. Any other is asked {@link #legacyRequest(AssignmentRequest) a request} whose
 * live nodes are only the eligible ones, without drains or pins: it then balances by its own
 * rules among the nodes that may hold buckets, and in a repair it treats the buckets of drained
 * nodes as orphans. Its answer is then {@linkplain #applyPins corrected for pins}. If the old
 * strategy keeps the contract for that request, the corrected answer keeps it for the real one.
 * Pure: no state, no I/O.
 */
public final class OperatorIntentAdapter {

    private OperatorIntentAdapter() {
    }

    /** {@code strategy}'s answer to {@code request}, drains and pins honoured. */
    public static Assignment assign(AssignmentStrategy strategy, AssignmentRequest request) {
        requireNonNull(strategy, "strategy is null");
        requireNonNull(request, "request is null");
        if (strategy.honoursOperatorIntent()) {
            return strategy.assign(request);
        }
        return applyPins(request, strategy.assign(legacyRequest(request)));
    }

    /**
     * What a strategy that knows nothing of drains and pins is asked: the eligible nodes as live
     * nodes, everything else as in {@code request}.
     */
    public static AssignmentRequest legacyRequest(AssignmentRequest request) {
        return new AssignmentRequest(request.bucketCount(), request.current(), request.eligibleNodes(),
                request.options(), request.kind(), Collections.emptySortedSet(), Collections.emptySortedMap());
    }

    /**
     * {@code answer} with every pinned bucket on its pin. When pinned bucket {@code b} was given
     * to {@code Q} instead of its pin {@code P}, {@code P} hands {@code Q} in exchange one of the
     * unpinned buckets it was given in this run (one {@code Q} owns now first, which saves a
     * move), so every node keeps the count the strategy chose. Only buckets that move anyway are
     * exchanged, never a bucket {@code P} keeps, so a repair stays a repair. An incomplete or
     * wrongly sized answer comes back as it is, for the validator to name.
     */
    public static Assignment applyPins(AssignmentRequest request, Assignment answer) {
        requireNonNull(request, "request is null");
        if (answer == null || answer.bucketCount() != request.bucketCount() || !answer.isComplete()) {
            return answer;
        }
        Assignment.Builder owners = answer.toBuilder();
        for (int b = 0; b < request.bucketCount(); b++) {
            String pin = request.pinnedOwner(b).orElse(null);
            String given = owners.get(b);
            if (pin == null || pin.equals(given)) {
                continue;
            }
            owners.set(b, pin);
            int exchange = exchangeFor(request, owners, pin, given);
            if (exchange >= 0) {
                owners.set(exchange, given);
            }
        }
        return owners.build();
    }

    /** An unpinned bucket moving to {@code pin} in this run, one {@code other} owns now first; or -1. */
    private static int exchangeFor(AssignmentRequest request, Assignment.Builder owners, String pin,
            String other) {
        if (!request.isEligible(other)) {
            return -1;
        }
        int candidate = -1;
        for (int c = 0; c < request.bucketCount(); c++) {
            String now = request.current().ownerOrNull(c);
            boolean movingToPin = pin.equals(owners.get(c)) && !pin.equals(now);
            if (!movingToPin || request.pinnedOwner(c).isPresent()) {
                continue;
            }
            if (other.equals(now)) {
                return c;
            }
            if (candidate < 0) {
                candidate = c;
            }
        }
        return candidate;
    }
}
