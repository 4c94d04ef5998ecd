package org.dtablecluster.etcd;

import static java.util.Objects.requireNonNull;

import io.etcd.jetcd.Client;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.dtablecluster.view.ClusterSnapshot;
import org.dtablecluster.view.ClusterView;
import org.dtablecluster.view.ConnectionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ClusterView} fed by etcd: reads every node and assign key once, then follows a
 * watch on them, and swaps in a new immutable {@link ClusterSnapshot} after each change.
 *
 * <p>How it stays correct ({@link ViewFollower} does it):
 * <ul>
 *   <li>The first read takes both prefixes in one transaction, so nodes and owners are of one
 *       revision; the watch starts at that revision + 1.
 *   <li>After any watch error or end it watches again itself, from the last revision it applied
 *       + 1, with exponential backoff (jetcd's own resume restarts from a revision of its
 *       choosing and gives up on most errors, so it is not relied on).
 *   <li>If that revision was compacted meanwhile, it reads everything again and watches from
 *       the new read.
 *   <li>Changes are applied idempotently by mod revision, so re-delivered events are harmless.
 *   <li>While etcd is unreachable it keeps serving the last snapshot; its
 *       {@link #connectionState()} is {@code SUSPENDED}, and {@code LOST} once that lasts
 *       {@code lostAfter}; it is {@code CONNECTED} again once a watch is established.
 * </ul>
 *
 * <p>Threads: all etcd handling happens on one thread of the view's own; jetcd callbacks only
 * hand work to it. Listeners are called on a second thread of its own, so a slow listener
 * delays other listeners but never the view. A listener that falls behind is given the latest
 * snapshot, skipping intermediate ones; each call has a newer snapshot than the one before.
 *
 * <p>Lifecycle: {@link #start()} once; {@link #close()} any number of times. Closing the view
 * does not close the jetcd client, which the caller owns.
 */
public final class EtcdClusterView implements ClusterView, AutoCloseable {

    /** Where the view is in its life. */
    public enum State { LATENT, STARTED, CLOSED }

    /**
     * Counters for monitoring and tests.
     *
     * @param fullReads reads of every key, the first included
     * @param watchStarts watches created, the first included
     * @param failures reads and watches that failed or ended (each is retried)
     * @param redeliveredEvents events ignored because their change was already applied
     * @param malformedValues bad keys or values logged and ignored
     */
    public record Stats(long fullReads, long watchStarts, long failures, long redeliveredEvents,
            long malformedValues) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(EtcdClusterView.class);

    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(100);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(5);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_LOST_AFTER = Duration.ofSeconds(10);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final String logContext;
    private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
    private final AtomicReference<ClusterSnapshot> current = new AtomicReference<>(ClusterSnapshot.empty());
    private final ViewListeners listeners;
    private final ViewFollower follower;
    private final Object revisionMonitor = new Object();
    private volatile long lastRevision;
    private volatile boolean initialized;

    /** A view with the default backoff (100 ms doubling to 5 s) and read timeout (10 s). */
    public EtcdClusterView(Client client, Keyspace keyspace) {
        this(client, keyspace, DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF, DEFAULT_READ_TIMEOUT);
    }

    /** See {@link ViewTimings} for the ranges; {@code SUSPENDED} counts as {@code LOST} after 10 s. */
    public EtcdClusterView(Client client, Keyspace keyspace, Duration initialBackoff, Duration maxBackoff,
            Duration readTimeout) {
        this(client, keyspace, initialBackoff, maxBackoff, readTimeout, DEFAULT_LOST_AFTER);
    }

    /** See {@link ViewTimings} for the ranges. */
    public EtcdClusterView(Client client, Keyspace keyspace, Duration initialBackoff, Duration maxBackoff,
            Duration readTimeout, Duration lostAfter) {
        requireNonNull(keyspace, "keyspace is null");
        ViewTimings timings = new ViewTimings(initialBackoff, maxBackoff, readTimeout, lostAfter);
        this.logContext = "[view prefix='" + keyspace.prefix() + "']";
        this.listeners = new ViewListeners(logContext, current::get);
        this.follower = new ViewFollower(this, requireNonNull(client, "client is null"), keyspace, timings,
                logContext);
    }

    /** Reads etcd and starts watching, in the background. Only once. */
    public void start() {
        if (!state.compareAndSet(State.LATENT, State.STARTED)) {
            throw new IllegalStateException("cannot start a view that is " + state.get());
        }
        follower.start();
    }

    /** Stops watching and notifying. Safe to call more than once, and before {@link #start()}. */
    @Override
    public void close() {
        State previous = state.getAndSet(State.CLOSED);
        if (previous == State.CLOSED) {
            return;
        }
        synchronized (revisionMonitor) {
            revisionMonitor.notifyAll();
        }
        listeners.close();
        follower.close(CLOSE_TIMEOUT);
        try {
            if (!listeners.onListenerThread() && !follower.onLoopThread()) {
                listeners.awaitTermination(CLOSE_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (previous == State.STARTED) {
            LOG.info("{} closed at rev={}", logContext, lastRevision);
        }
    }

    public State state() {
        return state.get();
    }

    @Override
    public ClusterSnapshot current() {
        return current.get();
    }

    /**
     * Adds a listener. It is called on the view's listener thread: first with the current
     * snapshot if the view has read etcd already, then with every newer snapshot.
     */
    @Override
    public AutoCloseable subscribe(Consumer<ClusterSnapshot> listener) {
        checkOpen();
        return listeners.addSnapshotListener(listener, initialized);
    }

    /** {@code CONNECTED} while the watch is established; see {@link ConnectionState}. */
    @Override
    public ConnectionState connectionState() {
        return follower.connection().state();
    }

    @Override
    public AutoCloseable subscribeConnectionState(Consumer<ConnectionState> listener) {
        checkOpen();
        return listeners.addStateListener(listener, connectionState());
    }

    @Override
    public Duration staleness(long nowNanos) {
        return connectionState().isConnected() ? Duration.ZERO
                : Duration.ofNanos(Math.max(0, nowNanos - follower.connection().inSyncAsOfNanos()));
    }

    /** True once etcd has been read at least once: {@link #current()} then reflects etcd, if maybe stale. */
    public boolean isInitialized() {
        return initialized;
    }

    /** The revision of the newest change, or full read, the view has applied; 0 before the first read. */
    public long lastRevision() {
        return lastRevision;
    }

    public Stats stats() {
        return follower.stats();
    }

    /**
     * Waits until the view has applied {@code revision}, and returns the snapshot then current.
     * {@code revision} must be that of a change to a node or assign key (such as the header
     * revision of the transaction that wrote assign keys), or of an earlier one: a revision that
     * only touched other keys is reached with the next change to ours.
     *
     * @throws TimeoutException when it has not within {@code timeout}
     * @throws IllegalStateException when the view is or gets closed
     */
    @Override
    public ClusterSnapshot awaitRevision(long revision, Duration timeout) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (revisionMonitor) {
            while (lastRevision < revision) {
                if (state.get() == State.CLOSED) {
                    throw new IllegalStateException("view is closed");
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException(logContext + " at rev=" + lastRevision + " after waiting " + timeout
                            + " for rev=" + revision + (isConnected() ? "" : " (not connected to etcd)"));
                }
                TimeUnit.NANOSECONDS.timedWait(revisionMonitor, left);
            }
        }
        return current();
    }

    /** Waits for the first read of etcd; returns its snapshot. */
    public ClusterSnapshot awaitInitialized(Duration timeout) throws InterruptedException, TimeoutException {
        return awaitRevision(1, timeout);
    }

    /** For tests: drops the watch and watches again from {@code revision}, as a reconnect might. */
    void rewatchFrom(long revision) {
        follower.rewatchFrom(revision);
    }

    // ---- from the follower's thread -----------------------------------------------------------

    /** Everything was read at {@code revision}. */
    void readAll(ClusterSnapshot s, long revision) {
        // current, then initialized, then notify: a listener subscribing meanwhile gets this snapshot
        current.set(s);
        initialized = true;
        listeners.snapshotChanged();
        setRevision(revision);
    }

    /** Changes up to {@code revision} applied; {@code changed} is the new snapshot, or null if ours did not change. */
    void applied(ClusterSnapshot changed, long revision) {
        if (changed != null && current.getAndSet(changed) != changed) {
            listeners.snapshotChanged();
        }
        setRevision(revision);
    }

    void connectionChanged(ConnectionState next) {
        listeners.stateChanged(next);
    }

    private void setRevision(long revision) {
        if (revision != lastRevision) {
            lastRevision = revision;
            synchronized (revisionMonitor) {
                revisionMonitor.notifyAll();
            }
        }
    }

    private void checkOpen() {
        if (state.get() == State.CLOSED) {
            throw new IllegalStateException("cannot subscribe to a closed view");
        }
    }
}
