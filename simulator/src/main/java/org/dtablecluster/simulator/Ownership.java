package org.dtablecluster.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongUnaryOperator;

/**
 * Which buckets this server serves, as its hook tells it, and until when.
 *
 * <p>A bucket is served while its {@link BucketGate} is open and the wall clock is not past the
 * last {@code valid_until_ms} the hook sent. A release (the hook's {@code lost}, or the deadline
 * passing) closes the gate, waits for the requests inside to finish, closes the bucket's sockets
 * with 1012, unloads its bases, and only then records the end of serving and answers the hook.
 * Hook calls and deadline checks run one after another, in the order they arrive.
 *
 * <p>With {@code serveAll} (no node agent in front of the server) every gate opens at start and
 * stays open; the hook still unloads the bases of lost buckets, as it always did.
 */
final class Ownership implements AutoCloseable {

    static final long NO_DEADLINE = Long.MAX_VALUE;

    /** What a hook call did: whether it was applied (not stale), the bases unloaded, the buckets released. */
    record Result(boolean applied, List<String> unloaded, Set<Integer> released) {
    }

    private final boolean serveAll;
    private final BaseStore bases;
    private final ServingLog log;
    private final BucketGate[] gates = new BucketGate[256];
    private final Sockets sockets;
    private final ScheduledExecutorService timer;
    private volatile long validUntilMs = NO_DEADLINE;
    private Set<Integer> owned = Set.of();
    private long revision = -1;
    private int updates;
    private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);

    Ownership(String nodeId, boolean serveAll, BaseStore bases, ServingLog log) {
        this.serveAll = serveAll;
        this.bases = bases;
        this.log = log;
        for (int b = 0; b < 256; b++) {
            gates[b] = new BucketGate();
        }
        this.sockets = new Sockets(gates);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sim-" + nodeId + "-deadline");
            t.setDaemon(true);
            return t;
        });
        if (serveAll) {
            long now = System.currentTimeMillis();
            for (int b = 0; b < 256; b++) {
                gates[b].open();
                log.opened(b, now);
            }
        }
    }

    Sockets sockets() {
        return sockets;
    }

    /** Admits one request or message of {@code bucket}; each admitted one must {@link #exit} once. */
    boolean enter(int bucket) {
        return gates[bucket].enter(System.currentTimeMillis(), serveAll ? NO_DEADLINE : validUntilMs);
    }

    void exit(int bucket) {
        gates[bucket].exit(System.currentTimeMillis());
    }

    /** Applies a hook call once every earlier one has been applied; completes after its releases. */
    synchronized CompletableFuture<Result> apply(AssignmentUpdate update) {
        CompletableFuture<Result> result = tail.thenCompose(x -> fenceIfExpired()).thenCompose(x -> applyNow(update));
        tail = result.exceptionally(e -> null);
        return result;
    }

    private synchronized CompletableFuture<Result> applyNow(AssignmentUpdate update) {
        if (update.revision() >= 0 && update.revision() < revision) {
            return CompletableFuture.completedFuture(new Result(false, List.of(), Set.of()));
        }
        Set<Integer> next = new TreeSet<>(update.owned() != null ? update.owned() : owned);
        if (update.owned() == null) {
            next.addAll(update.gained());
        }
        next.removeAll(update.lost());
        owned = Set.copyOf(next);
        revision = Math.max(revision, update.revision());
        updates++;
        if (serveAll) {
            return CompletableFuture.completedFuture(new Result(true, bases.unloadBuckets(update.lost()), Set.of()));
        }
        long now = System.currentTimeMillis();
        long deadline = update.validUntilMs() == null ? NO_DEADLINE : update.validUntilMs();
        validUntilMs = deadline;
        Set<Integer> release = new TreeSet<>(update.lost());
        for (int b = 0; b < 256; b++) {
            if (gates[b].isOpen() && !next.contains(b)) {
                release.add(b);
            }
        }
        if (deadline > now) {
            for (int b : next) {
                if (gates[b].open()) {
                    log.opened(b, now);
                }
            }
            if (deadline != NO_DEADLINE) {
                timer.schedule(this::checkDeadline, deadline - now + 1, TimeUnit.MILLISECONDS);
            }
        }
        return release(release, "lost", end -> System.currentTimeMillis())
                .thenApply(unloaded -> new Result(true, unloaded, release));
    }

    private synchronized void checkDeadline() {
        tail = tail.thenCompose(x -> fenceIfExpired()).exceptionally(e -> null);
    }

    /** Past the deadline, releases everything; the end of serving is the deadline or the last request's end. */
    private synchronized CompletableFuture<List<String>> fenceIfExpired() {
        long deadline = validUntilMs;
        if (serveAll || System.currentTimeMillis() <= deadline) {
            return CompletableFuture.completedFuture(List.of());
        }
        Set<Integer> open = new TreeSet<>();
        for (int b = 0; b < 256; b++) {
            if (gates[b].isOpen()) {
                open.add(b);
            }
        }
        return release(open, "deadline", lastFinished -> Math.max(deadline, lastFinished));
    }

    /**
     * Closes the gates of {@code buckets} now; once their requests are done, closes their sockets,
     * unloads their bases and records the end of serving ({@code end} of the bucket's last request end).
     */
    private CompletableFuture<List<String>> release(Set<Integer> buckets, String reason, LongUnaryOperator end) {
        if (buckets.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        List<CompletableFuture<Void>> drained = new ArrayList<>();
        for (int b : buckets) {
            drained.add(gates[b].close());
        }
        return CompletableFuture.allOf(drained.toArray(CompletableFuture[]::new)).thenApply(x -> {
            for (int b : buckets) {
                sockets.closeBucket(b, "bucket released (" + reason + ")");
            }
            List<String> unloaded = bases.unloadBuckets(buckets);
            for (int b : buckets) {
                log.closed(b, end.applyAsLong(gates[b].lastFinishedMs()), reason);
            }
            return unloaded;
        });
    }

    /** Buckets served now: gate open and deadline not passed. */
    Set<Integer> serving() {
        Set<Integer> serving = new TreeSet<>();
        boolean valid = serveAll || System.currentTimeMillis() <= validUntilMs;
        for (int b = 0; b < 256 && valid; b++) {
            if (gates[b].isOpen()) {
                serving.add(b);
            }
        }
        return serving;
    }

    synchronized Set<Integer> owned() {
        return new TreeSet<>(owned);
    }

    synchronized long revision() {
        return revision;
    }

    synchronized int updates() {
        return updates;
    }

    /** The last {@code valid_until_ms}, or {@code null} when there is none. */
    Long validUntilMs() {
        long v = validUntilMs;
        return serveAll || v == NO_DEADLINE ? null : v;
    }

    boolean serveAll() {
        return serveAll;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
