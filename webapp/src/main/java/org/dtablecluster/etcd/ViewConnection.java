package org.dtablecluster.etcd;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.dtablecluster.view.ConnectionState;

/**
 * The view's {@link ConnectionState} and since when it is out of sync. Changed on the
 * follower's thread only; read anywhere.
 */
final class ViewConnection {

    private final Duration lostAfter;
    private final BiConsumer<Runnable, Duration> scheduler;
    private final Consumer<ConnectionState> onChange;
    private volatile ConnectionState state = ConnectionState.SUSPENDED;
    private volatile long inSyncAsOfNanos = System.nanoTime();
    private volatile boolean closed;

    /**
     * @param scheduler runs a task on the follower's thread after a delay
     * @param onChange told of each change, on the follower's thread
     */
    ViewConnection(Duration lostAfter, BiConsumer<Runnable, Duration> scheduler, Consumer<ConnectionState> onChange) {
        this.lostAfter = requireNonNull(lostAfter, "lostAfter is null");
        this.scheduler = requireNonNull(scheduler, "scheduler is null");
        this.onChange = requireNonNull(onChange, "onChange is null");
    }

    ConnectionState state() {
        return closed ? ConnectionState.LOST : state;
    }

    /** The monotonic instant the view last knew its snapshot current; meaningful while not connected. */
    long inSyncAsOfNanos() {
        return inSyncAsOfNanos;
    }

    void connected() {
        set(ConnectionState.CONNECTED);
    }

    /** A read or watch failed: {@code SUSPENDED}, and {@code LOST} unless connected again within lostAfter. */
    void suspended(Runnable onLost) {
        if (!state.isConnected()) {
            return;
        }
        long since = System.nanoTime();
        inSyncAsOfNanos = since;
        set(ConnectionState.SUSPENDED);
        scheduler.accept(() -> {
            if (state == ConnectionState.SUSPENDED && inSyncAsOfNanos == since && !closed) {
                onLost.run();
                set(ConnectionState.LOST);
            }
        }, lostAfter);
    }

    Duration lostAfter() {
        return lostAfter;
    }

    void close() {
        closed = true;
    }

    private void set(ConnectionState next) {
        if (state != next && !closed) {
            state = next;
            onChange.accept(next);
        }
    }
}
