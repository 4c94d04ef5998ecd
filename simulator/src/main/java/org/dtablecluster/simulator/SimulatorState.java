package org.dtablecluster.simulator;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/** Everything one simulated dtable-server remembers; shared by its endpoints. */
final class SimulatorState {

    private final String nodeId;
    private final BaseStore bases = new BaseStore();
    private final AtomicReference<Fault> fault = new AtomicReference<>(Fault.NONE);
    private final AtomicReference<CompletableFuture<Void>> holdGate = new AtomicReference<>(new CompletableFuture<>());
    private final LongAdder requests = new LongAdder();
    private final LongAdder bodyBytes = new LongAdder();
    private Set<Integer> owned = Set.of();
    private long assignmentRevision = -1;
    private int assignmentUpdates;

    SimulatorState(String nodeId) {
        this.nodeId = requireNonNull(nodeId, "nodeId is null");
    }

    String nodeId() {
        return nodeId;
    }

    BaseStore bases() {
        return bases;
    }

    Fault fault() {
        return fault.get();
    }

    void fault(Fault f) {
        fault.set(requireNonNull(f, "fault is null"));
    }

    /** The gate that held downloads wait on; {@link #releaseHeld()} opens it and sets a new one. */
    CompletableFuture<Void> holdGate() {
        return holdGate.get();
    }

    void releaseHeld() {
        holdGate.getAndSet(new CompletableFuture<>()).complete(null);
    }

    LongAdder requests() {
        return requests;
    }

    LongAdder bodyBytes() {
        return bodyBytes;
    }

    /**
     * Applies an assignment update; stale ones (older revision) are ignored.
     *
     * @return the UUIDs of the bases unloaded, or {@code null} when the update was stale
     */
    synchronized List<String> apply(AssignmentUpdate update) {
        if (update.revision() >= 0 && update.revision() < assignmentRevision) {
            return null;
        }
        Set<Integer> next = new TreeSet<>(update.owned() != null ? update.owned() : owned);
        if (update.owned() == null) {
            next.addAll(update.gained());
        }
        next.removeAll(update.lost());
        owned = Set.copyOf(next);
        assignmentRevision = Math.max(assignmentRevision, update.revision());
        assignmentUpdates++;
        return bases.unloadBuckets(update.lost());
    }

    synchronized Set<Integer> owned() {
        return new TreeSet<>(owned);
    }

    synchronized long assignmentRevision() {
        return assignmentRevision;
    }

    synchronized int assignmentUpdates() {
        return assignmentUpdates;
    }
}
