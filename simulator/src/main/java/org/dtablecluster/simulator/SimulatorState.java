package org.dtablecluster.simulator;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/** Everything one simulated dtable-server remembers; shared by its endpoints. */
final class SimulatorState implements AutoCloseable {

    private final String nodeId;
    private final BaseStore bases;
    private final ServingLog servingLog;
    private final Ownership ownership;
    private final AtomicReference<Fault> fault = new AtomicReference<>(Fault.NONE);
    private final AtomicReference<CompletableFuture<Void>> holdGate = new AtomicReference<>(new CompletableFuture<>());
    private final LongAdder requests = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder bodyBytes = new LongAdder();

    SimulatorState(SimulatorConfig config) {
        this.nodeId = requireNonNull(config, "config is null").nodeId();
        this.bases = new BaseStore(new BaseStorage(config.storageDir(), nodeId));
        this.servingLog = new ServingLog(config.storageDir(), nodeId);
        this.ownership = new Ownership(nodeId, config.serveAllBuckets(), bases, servingLog);
    }

    String nodeId() {
        return nodeId;
    }

    BaseStore bases() {
        return bases;
    }

    Ownership ownership() {
        return ownership;
    }

    ServingLog servingLog() {
        return servingLog;
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

    /** Requests answered 421 because their bucket is not served here. */
    LongAdder refused() {
        return refused;
    }

    LongAdder bodyBytes() {
        return bodyBytes;
    }

    @Override
    public void close() {
        ownership.close();
        servingLog.close();
    }
}
