package org.dtablecluster.proxy;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import org.dtablecluster.spi.Assignment;

/**
 * Requests parked while their bucket moves (OWNERSHIP.md, step 2): bounded in count and in time.
 * A request is offered with the current monotonic time; it leaves either released, when its
 * bucket may be routed again, or expired, when it has waited {@code maxWait}. What leaves is
 * handed back to the caller, which answers it; the queue itself does no I/O and reads no clock.
 *
 * <p>Thread-safe: requests arrive on server threads, releases on the view's thread, expiry on a
 * timer. Every wait is the same length, so each bucket's queue is in deadline order and expiry
 * looks only at heads.
 *
 * @param <T> what is parked, such as a suspended request
 */
public final class HoldQueue<T> {

    private record Held<T>(T item, long deadlineNanos) {
    }

    private final int capacity;
    private final long maxWaitNanos;
    private final List<ArrayDeque<Held<T>>> buckets;
    private int size;
    private long heldTotal;
    private long rejectedTotal;
    private long expiredTotal;

    /**
     * @param capacity how many requests may wait at once, over all buckets; at least 1
     * @param maxWait how long one may wait; positive
     */
    public HoldQueue(int capacity, Duration maxWait) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        requireNonNull(maxWait, "maxWait is null");
        if (maxWait.isNegative() || maxWait.isZero()) {
            throw new IllegalArgumentException("maxWait must be positive, was " + maxWait);
        }
        this.capacity = capacity;
        this.maxWaitNanos = maxWait.toNanos();
        this.buckets = new ArrayList<>(Assignment.BUCKETS);
        for (int b = 0; b < Assignment.BUCKETS; b++) {
            buckets.add(new ArrayDeque<>());
        }
    }

    /** Parks {@code item}; false (and nothing parked) when the queue is full. */
    public synchronized boolean offer(int bucket, T item, long nowNanos) {
        requireNonNull(item, "item is null");
        if (size >= capacity) {
            rejectedTotal++;
            return false;
        }
        buckets.get(bucket).addLast(new Held<>(item, nowNanos + maxWaitNanos));
        size++;
        heldTotal++;
        return true;
    }

    /** Removes and returns, oldest first per bucket, the requests of every bucket no longer held. */
    public synchronized List<T> releaseWhere(IntPredicate stillHeld) {
        List<T> out = new ArrayList<>();
        if (size == 0) {
            return out;
        }
        for (int b = 0; b < buckets.size(); b++) {
            ArrayDeque<Held<T>> q = buckets.get(b);
            if (!q.isEmpty() && !stillHeld.test(b)) {
                drainInto(q, out);
            }
        }
        return out;
    }

    /** Removes and returns every request whose wait has run out at {@code nowNanos}. */
    public synchronized List<T> expire(long nowNanos) {
        List<T> out = new ArrayList<>();
        if (size == 0) {
            return out;
        }
        for (ArrayDeque<Held<T>> q : buckets) {
            while (!q.isEmpty() && nowNanos - q.peekFirst().deadlineNanos() >= 0) {
                out.add(q.pollFirst().item());
                size--;
                expiredTotal++;
            }
        }
        return out;
    }

    /** Removes and returns everything, for a shutdown. */
    public synchronized List<T> drainAll() {
        List<T> out = new ArrayList<>();
        for (ArrayDeque<Held<T>> q : buckets) {
            drainInto(q, out);
        }
        return out;
    }

    private void drainInto(ArrayDeque<Held<T>> q, List<T> out) {
        while (!q.isEmpty()) {
            out.add(q.pollFirst().item());
            size--;
        }
    }

    /** Requests waiting now. */
    public synchronized int size() {
        return size;
    }

    /** Requests waiting now for {@code bucket}. */
    public synchronized int size(int bucket) {
        return buckets.get(bucket).size();
    }

    /** Requests ever parked. */
    public synchronized long heldTotal() {
        return heldTotal;
    }

    /** Requests turned away because the queue was full. */
    public synchronized long rejectedTotal() {
        return rejectedTotal;
    }

    /** Requests that waited out {@code maxWait}. */
    public synchronized long expiredTotal() {
        return expiredTotal;
    }
}
