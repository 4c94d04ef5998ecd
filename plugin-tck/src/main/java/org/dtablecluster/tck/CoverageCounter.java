package org.dtablecluster.tck;

import org.dtablecluster.spi.AssignmentRequest;
import org.dtablecluster.spi.RunKind;

/** Accumulates a {@link Coverage} one request at a time. */
final class CoverageCounter {
    private int rounds;
    private int repairs;
    private int minLive = Integer.MAX_VALUE;
    private int maxLive;
    private int withUnowned;
    private int withDeadOwners;
    private int withStaleReturns;
    private int withDrains;
    private int withEveryNodeDrained;
    private int withPins;
    private int withIgnoredPins;
    private int withOverPinnedNode;

    void record(AssignmentRequest request, boolean staleReturn) {
        rounds++;
        if (request.kind() == RunKind.REPAIR) {
            repairs++;
        }
        minLive = Math.min(minLive, request.liveNodes().size());
        maxLive = Math.max(maxLive, request.liveNodes().size());
        boolean unowned = false;
        boolean dead = false;
        for (int b = 0; b < request.bucketCount(); b++) {
            String owner = request.current().ownerOrNull(b);
            unowned |= owner == null;
            dead |= owner != null && !request.isLive(owner);
        }
        withUnowned += unowned ? 1 : 0;
        withDeadOwners += dead ? 1 : 0;
        withStaleReturns += staleReturn ? 1 : 0;
        recordIntent(request);
    }

    private void recordIntent(AssignmentRequest request) {
        boolean everyDrained = request.everyLiveNodeDrained();
        withEveryNodeDrained += everyDrained ? 1 : 0;
        withDrains += !everyDrained && request.drainedNodes().stream().anyMatch(request::isLive) ? 1 : 0;
        int honoured = (int) request.pins().keySet().stream()
                .filter(b -> request.pinnedOwner(b).isPresent()).count();
        withPins += honoured > 0 ? 1 : 0;
        withIgnoredPins += honoured < request.pins().size() ? 1 : 0;
        int share = request.bucketCount() / request.eligibleNodes().size() + 1;
        withOverPinnedNode += request.pinnedCounts().values().stream().anyMatch(n -> n > share) ? 1 : 0;
    }

    Coverage snapshot() {
        return new Coverage(rounds, repairs, rounds - repairs, rounds == 0 ? 0 : minLive, maxLive,
                withUnowned, withDeadOwners, withStaleReturns, withDrains, withEveryNodeDrained, withPins,
                withIgnoredPins, withOverPinnedNode);
    }
}
