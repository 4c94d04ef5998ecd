package org.dtablecluster.spi;

import static java.util.Objects.requireNonNull;

/** Checks a strategy's result against the contract of {@link AssignmentStrategy}. */
public final class AssignmentValidator {

    private AssignmentValidator() {
    }

    /**
     * Throws when {@code result} is not a valid answer to {@code request}: missing, of the wrong
     * size, with an unowned bucket or a bucket owned by a node that is not live, a bucket on a
     * drained node (while some live node is not drained), a pinned bucket off its pin, or, in a
     * repair run, with a bucket moved away from its staying owner.
     *
     * @throws InvalidAssignmentException naming the first offending bucket
     */
    public static void check(AssignmentRequest request, Assignment result) {
        requireNonNull(request, "request is null");
        if (result == null) {
            throw new InvalidAssignmentException("strategy returned no assignment");
        }
        if (result.bucketCount() != request.bucketCount()) {
            throw new InvalidAssignmentException("strategy returned " + result.bucketCount()
                    + " buckets, expected " + request.bucketCount());
        }
        for (int b = 0; b < result.bucketCount(); b++) {
            String owner = result.ownerOrNull(b);
            if (owner == null) {
                throw new InvalidAssignmentException("bucket " + Assignment.hex(b) + " has no owner");
            }
            if (!request.isLive(owner)) {
                throw new InvalidAssignmentException("bucket " + Assignment.hex(b)
                        + " is assigned to " + owner + ", which is not a live node");
            }
            if (!request.isEligible(owner)) {
                throw new InvalidAssignmentException("bucket " + Assignment.hex(b)
                        + " is assigned to " + owner + ", which is drained");
            }
            String pin = request.pinnedOwner(b).orElse(owner);
            if (!pin.equals(owner)) {
                throw new InvalidAssignmentException("bucket " + Assignment.hex(b)
                        + " is pinned to " + pin + " but assigned to " + owner);
            }
            if (request.kind() == RunKind.REPAIR) {
                String staying = request.stayingOwner(b).orElse(null);
                if (staying != null && !staying.equals(owner)) {
                    throw new InvalidAssignmentException("repair moved bucket " + Assignment.hex(b)
                            + " from live node " + staying + " to " + owner);
                }
            }
        }
    }
}
