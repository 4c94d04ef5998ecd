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
    }

    Coverage snapshot() {
        return new Coverage(rounds, repairs, rounds - repairs, rounds == 0 ? 0 : minLive, maxLive,
                withUnowned, withDeadOwners, withStaleReturns);
    }
}
