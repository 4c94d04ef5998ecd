package org.dtablecluster.tck;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.spi.AssignmentRequest;
import org.dtablecluster.spi.AssignmentStrategy;

/** Strategies that each break one rule, to prove the suite notices. */
final class BrokenStrategies {

    private BrokenStrategies() {
    }

    /** Leaves the last bucket without an owner. */
    static final class LeavesABucketUnowned extends ReferenceStrategy {
        @Override
        public Assignment assign(AssignmentRequest request) {
            return super.assign(request).toBuilder().set(request.bucketCount() - 1, null).build();
        }
    }

    /** Treats any named owner as good, live or not. */
    static final class KeepsDeadOwners extends ReferenceStrategy {
        @Override
        public Assignment assign(AssignmentRequest request) {
            List<String> live = new ArrayList<>(request.liveNodes().keySet());
            Assignment.Builder owners = request.current().toBuilder();
            for (int b = 0; b < request.bucketCount(); b++) {
                if (owners.get(b) == null) {
                    owners.set(b, live.get(b % live.size()));
                }
            }
            return owners.build();
        }
    }

    /** Deals every bucket afresh, moving live owners' buckets even in a repair. */
    static final class IgnoresCurrentOwners extends ReferenceStrategy {
        @Override
        public Assignment assign(AssignmentRequest request) {
            return TestData.roundRobin(
                    request.bucketCount(), new ArrayList<>(request.liveNodes().keySet()));
        }
    }

    /** Rotates where orphans go on every call: state leaking between calls. */
    static final class RemembersCalls extends ReferenceStrategy {
        private int calls;

        @Override
        public Assignment assign(AssignmentRequest request) {
            List<String> live = new ArrayList<>(request.liveNodes().keySet());
            Assignment.Builder owners = request.current().toBuilder();
            calls++;
            for (int b = 0; b < request.bucketCount(); b++) {
                if (!request.isLive(owners.get(b))) {
                    owners.set(b, live.get((b + calls) % live.size()));
                }
            }
            return owners.build();
        }
    }

    /** Fails only at a mid-sized cluster, which the simulation reaches many rounds in. */
    static final class FailsAtMidSize extends ReferenceStrategy {
        static boolean failsAt(int liveNodes) {
            return liveNodes >= 100 && liveNodes <= 120;
        }

        @Override
        public Assignment assign(AssignmentRequest request) {
            if (failsAt(request.liveNodes().size())) {
                throw new IllegalStateException("mid-sized cluster");
            }
            return super.assign(request);
        }
    }

    /** Has a blank name and a blank description. */
    static final class Blank extends ReferenceStrategy {
        @Override
        public String name() {
            return " ";
        }
    }

    /** Rejects every option. */
    static final class RejectsOptions extends ReferenceStrategy {
        @Override
        public void validateOptions(Map<String, String> options) {
            if (!options.isEmpty()) {
                throw new IllegalArgumentException("unknown options " + options.keySet());
            }
        }
    }
}
