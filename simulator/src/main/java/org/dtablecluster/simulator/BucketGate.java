package org.dtablecluster.simulator;

import java.util.concurrent.CompletableFuture;

/**
 * Admission to one bucket: open or closed, and the requests (and WebSocket messages) inside it
 * now. Closing refuses new ones at once; the returned future completes when the last one inside
 * has finished, which is what a release waits for.
 */
final class BucketGate {

    private boolean open;
    private int inside;
    private long lastFinishedMs;
    private CompletableFuture<Void> drained;

    /** Lets one request in when the gate is open and {@code nowMs} is not past {@code validUntilMs}. */
    synchronized boolean enter(long nowMs, long validUntilMs) {
        if (!open || nowMs > validUntilMs) {
            return false;
        }
        inside++;
        return true;
    }

    void exit(long nowMs) {
        CompletableFuture<Void> done = null;
        synchronized (this) {
            inside--;
            lastFinishedMs = Math.max(lastFinishedMs, nowMs);
            if (inside == 0 && drained != null) {
                done = drained;
                drained = null;
            }
        }
        // outside the lock: the release that waits on it takes other locks
        if (done != null) {
            done.complete(null);
        }
    }

    /** Opens the gate; {@code true} when it was closed. */
    synchronized boolean open() {
        boolean was = open;
        open = true;
        return !was;
    }

    synchronized boolean isOpen() {
        return open;
    }

    /** Closes the gate; completes once nothing is inside. */
    synchronized CompletableFuture<Void> close() {
        open = false;
        if (inside == 0) {
            return CompletableFuture.completedFuture(null);
        }
        if (drained == null) {
            drained = new CompletableFuture<>();
        }
        return drained;
    }

    /** When the last request that was inside finished (0: none yet). */
    synchronized long lastFinishedMs() {
        return lastFinishedMs;
    }
}
