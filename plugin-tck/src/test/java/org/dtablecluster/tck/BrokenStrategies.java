package org.dtablecluster.tck;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.spi.AssignmentRequest;
import org.dtablecluster.spi.AssignmentStrategy;
import org.dtablecluster.spi.OperatorIntentAdapter;

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
        public boolean honoursOperatorIntent() {
            return true; // through the adapter, so it sees every live node, drained or not
        }

        @Override
        public Assignment assign(AssignmentRequest request) {
            if (failsAt(request.liveNodes().size())) {
                throw new IllegalStateException("mid-sized cluster");
            }
            return OperatorIntentAdapter.assign(new ReferenceStrategy(), request);
        }
    }

    /** Claims to honour drains and pins, honours pins, but deals orphans over every live node. */
    static final class IgnoresDrains extends ReferenceStrategy {
        @Override
        public boolean honoursOperatorIntent() {
            return true;
        }

        @Override
        public Assignment assign(AssignmentRequest request) {
            return pinned(request, super.assign(request));
        }
    }

    /** Claims to honour drains and pins, keeps off drained nodes, but ignores pins. */
    static final class IgnoresPins extends ReferenceStrategy {
        @Override
        public boolean honoursOperatorIntent() {
            return true;
        }

        @Override
        public Assignment assign(AssignmentRequest request) {
            List<String> eligible = new ArrayList<>(request.eligibleNodes().keySet());
            Assignment.Builder owners = request.current().toBuilder();
            for (int b = 0; b < request.bucketCount(); b++) {
                if (!request.isEligible(owners.get(b))) {
                    owners.set(b, eligible.get(b % eligible.size()));
                }
            }
            return owners.build();
        }
    }

    private static Assignment pinned(AssignmentRequest request, Assignment answer) {
        Assignment.Builder owners = answer.toBuilder();
        request.pins().keySet().forEach(b -> request.pinnedOwner(b).ifPresent(pin -> owners.set(b, pin)));
        return owners.build();
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
