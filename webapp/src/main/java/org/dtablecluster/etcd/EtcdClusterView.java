package org.dtablecluster.etcd;

import static java.util.Objects.requireNonNull;
import static org.dtablecluster.etcd.EtcdClients.bytes;
import static org.dtablecluster.etcd.EtcdClients.string;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.dtablecluster.etcd.ViewState.KeyChange;
import org.dtablecluster.view.ClusterSnapshot;
import org.dtablecluster.view.ClusterView;
import org.dtablecluster.view.ConnectionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ClusterView} fed by etcd: reads every node and assign key once, then follows a
 * watch on them, and swaps in a new immutable {@link ClusterSnapshot} after each change.
 *
 * <p>How it stays correct:
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

    private final Client client;
    private final Keyspace keyspace;
    private final long initialBackoffMillis;
    private final long maxBackoffMillis;
    private final Duration readTimeout;
    private final Duration lostAfter;
    private final String watchStart;
    private final String watchEnd;
    private final String logContext;

    private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
    private final AtomicReference<ClusterSnapshot> current = new AtomicReference<>(ClusterSnapshot.empty());
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final List<ConnectionSubscription> connectionSubscriptions = new CopyOnWriteArrayList<>();
    private final AtomicBoolean notifyPending = new AtomicBoolean();
    private final ScheduledExecutorService loop;
    private final ExecutorService notifier;
    private final Executor onLoop = this::submit;
    private final Object revisionMonitor = new Object();
    private volatile long lastRevision;
    private volatile Thread loopThread;
    private volatile Thread notifierThread;
    private volatile ConnectionState connection = ConnectionState.SUSPENDED;
    private volatile long inSyncAsOfNanos = System.nanoTime();
    private volatile boolean initialized;
    private volatile long fullReads;
    private volatile long watchStarts;
    private volatile long failures;

    // owned by the loop thread
    private final ViewState data;
    private Watch.Watcher watcher;
    private long generation;
    private long nextBackoffMillis;
    private boolean outageLogged;

    /** A view with the default backoff (100 ms doubling to 5 s) and read timeout (10 s). */
    public EtcdClusterView(Client client, Keyspace keyspace) {
        this(client, keyspace, DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF, DEFAULT_READ_TIMEOUT);
    }

    /**
     * @param initialBackoff first wait before retrying after an error, in [1 ms, maxBackoff]
     * @param maxBackoff the wait doubles up to this, at most 5 minutes
     * @param readTimeout how long a full read may take before it counts as failed
     */
    public EtcdClusterView(Client client, Keyspace keyspace, Duration initialBackoff, Duration maxBackoff,
            Duration readTimeout) {
        this(client, keyspace, initialBackoff, maxBackoff, readTimeout, DEFAULT_LOST_AFTER);
    }

    /** @param lostAfter how long {@code SUSPENDED} lasts before it counts as {@code LOST}, at least 1 ms */
    public EtcdClusterView(Client client, Keyspace keyspace, Duration initialBackoff, Duration maxBackoff,
            Duration readTimeout, Duration lostAfter) {
        this.client = requireNonNull(client, "client is null");
        this.keyspace = requireNonNull(keyspace, "keyspace is null");
        requireNonNull(initialBackoff, "initialBackoff is null");
        requireNonNull(maxBackoff, "maxBackoff is null");
        requireNonNull(readTimeout, "readTimeout is null");
        if (maxBackoff.toMillis() < 1 || maxBackoff.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("maxBackoff must be in [1 ms, 5 min], was " + maxBackoff);
        }
        if (initialBackoff.toMillis() < 1 || initialBackoff.compareTo(maxBackoff) > 0) {
            throw new IllegalArgumentException("initialBackoff must be in [1 ms, " + maxBackoff + "], was "
                    + initialBackoff);
        }
        if (readTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("readTimeout must be at least 1 ms, was " + readTimeout);
        }
        requireNonNull(lostAfter, "lostAfter is null");
        if (lostAfter.toMillis() < 1) {
            throw new IllegalArgumentException("lostAfter must be at least 1 ms, was " + lostAfter);
        }
        this.lostAfter = lostAfter;
        this.initialBackoffMillis = initialBackoff.toMillis();
        this.maxBackoffMillis = maxBackoff.toMillis();
        this.nextBackoffMillis = initialBackoffMillis;
        this.readTimeout = readTimeout;
        // one watch over [assign-, dtable-server.) covers both prefixes; other keys in between
        // (our own dtable-cluster/ state among them) are filtered out
        this.watchStart = keyspace.assignScanPrefix();
        this.watchEnd = prefixEnd(keyspace.nodeScanPrefix());
        this.logContext = "[view prefix='" + keyspace.prefix() + "']";
        this.data = new ViewState(keyspace);
        ScheduledThreadPoolExecutor loopExecutor = new ScheduledThreadPoolExecutor(1,
                daemon("dtable-cluster-view", t -> loopThread = t));
        // a retry scheduled for later must not hold up close()
        loopExecutor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.loop = loopExecutor;
        this.notifier = Executors.newSingleThreadExecutor(
                daemon("dtable-cluster-view-listeners", t -> notifierThread = t));
    }

    /** Reads etcd and starts watching, in the background. Only once. */
    public void start() {
        if (!state.compareAndSet(State.LATENT, State.STARTED)) {
            throw new IllegalStateException("cannot start a view that is " + state.get());
        }
        submit(this::fullRead);
    }

    /** Stops watching and notifying. Safe to call more than once, and before {@link #start()}. */
    @Override
    public void close() {
        State previous = state.getAndSet(State.CLOSED);
        if (previous == State.CLOSED) {
            return;
        }
        connection = ConnectionState.LOST;
        synchronized (revisionMonitor) {
            revisionMonitor.notifyAll();
        }
        try {
            loop.execute(() -> {
                generation++;
                closeWatcher();
            });
        } catch (RejectedExecutionException ignored) {
            // already shut down
        }
        loop.shutdown();
        notifier.shutdown();
        subscriptions.clear();
        connectionSubscriptions.clear();
        if (Thread.currentThread() != loopThread && Thread.currentThread() != notifierThread) {
            try {
                loop.awaitTermination(5, TimeUnit.SECONDS);
                notifier.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
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
        requireNonNull(listener, "listener is null");
        if (state.get() == State.CLOSED) {
            throw new IllegalStateException("cannot subscribe to a closed view");
        }
        Subscription s = new Subscription(listener);
        subscriptions.add(s);
        if (initialized) {
            scheduleNotify();
        }
        return s;
    }

    /** {@code CONNECTED} while the watch is established; see {@link ConnectionState}. */
    @Override
    public ConnectionState connectionState() {
        return connection;
    }

    @Override
    public AutoCloseable subscribeConnectionState(Consumer<ConnectionState> listener) {
        requireNonNull(listener, "listener is null");
        if (state.get() == State.CLOSED) {
            throw new IllegalStateException("cannot subscribe to a closed view");
        }
        ConnectionSubscription s = new ConnectionSubscription(listener);
        connectionSubscriptions.add(s);
        ConnectionState now = connection;
        notifyLater(() -> s.deliver(now));
        return s;
    }

    @Override
    public Duration staleness(long nowNanos) {
        return connection.isConnected() ? Duration.ZERO : Duration.ofNanos(Math.max(0, nowNanos - inSyncAsOfNanos));
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
        return new Stats(fullReads, watchStarts, failures, data.redelivered(), data.malformed());
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
                            + " for rev=" + revision + (connection.isConnected() ? "" : " (not connected to etcd)"));
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
        submit(() -> startWatch(revision));
    }

    // ---- the loop thread ----------------------------------------------------------------

    private void fullRead() {
        if (isClosed()) {
            return;
        }
        long gen = newGeneration();
        fullReads++;
        GetOption prefix = GetOption.builder().isPrefix(true).build();
        CompletableFuture<TxnResponse> read;
        try {
            read = client.getKVClient().txn()
                    .Then(Op.get(bytes(keyspace.nodeScanPrefix()), prefix),
                            Op.get(bytes(keyspace.assignScanPrefix()), prefix))
                    .commit();
        } catch (RuntimeException e) {
            read = CompletableFuture.failedFuture(e);
        }
        read.orTimeout(readTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenCompleteAsync((response, error) -> onFullRead(gen, response, error), onLoop);
    }

    private void onFullRead(long gen, TxnResponse response, Throwable error) {
        if (gen != generation || isClosed()) {
            return;
        }
        if (error != null) {
            suspend();
            failures++;
            logOutage("reading etcd failed", error);
            schedule(this::fullRead, nextBackoff());
            return;
        }
        long revision = response.getHeader().getRevision();
        List<KeyChange> keys = new ArrayList<>();
        response.getGetResponses().forEach(r -> r.getKvs().forEach(kv -> keys.add(change(kv))));
        data.reset(keys, revision);
        // current, then initialized, then notify: a listener subscribing meanwhile gets this snapshot
        ClusterSnapshot s = data.snapshot();
        current.set(s);
        initialized = true;
        scheduleNotify();
        setRevision(data.revision());
        LOG.info("{} read {} live nodes and {} owned buckets at rev={}", logContext, s.liveNodes().size(),
                s.assignment().bucketCounts().values().stream().mapToInt(Integer::intValue).sum(), revision);
        startWatch(revision + 1);
    }

    private void startWatch(long fromRevision) {
        if (isClosed()) {
            return;
        }
        long gen = newGeneration();
        watchStarts++;
        WatchOption option = WatchOption.builder()
                .withRange(bytes(watchEnd))
                .withRevision(fromRevision)
                .withCreateNotify(true)
                // a member cut off from its leader ends the watch instead of going quiet
                .withRequireLeader(true)
                .build();
        try {
            watcher = client.getWatchClient().watch(bytes(watchStart), option, new WatchListener(gen));
        } catch (RuntimeException e) {
            onWatchError(gen, e);
        }
    }

    private void onWatchResponse(long gen, WatchResponse response) {
        if (gen != generation || isClosed()) {
            return;
        }
        if (response.isCreatedNotify()) {
            onWatchCreated(response.getHeader().getRevision());
            return;
        }
        boolean changed = false;
        for (WatchEvent event : response.getEvents()) {
            switch (event.getEventType()) {
                case PUT -> changed |= data.apply(change(event.getKeyValue()));
                case DELETE -> changed |= data.apply(KeyChange.delete(string(event.getKeyValue().getKey()),
                        event.getKeyValue().getModRevision()));
                default -> LOG.debug("{} ignoring watch event of type {}", logContext, event.getEventType());
            }
        }
        if (changed) {
            publish();
        }
        setRevision(data.revision());
    }

    private void onWatchCreated(long headerRevision) {
        if (outageLogged) {
            LOG.info("{} watching etcd again from rev={}", logContext, data.revision() + 1);
        }
        setConnection(ConnectionState.CONNECTED);
        outageLogged = false;
        nextBackoffMillis = initialBackoffMillis;
        if (headerRevision < data.revision()) {
            LOG.warn("{} etcd is at rev={} but we applied rev={}: its history was reset; reading everything again",
                    logContext, headerRevision, data.revision());
            fullRead();
        }
    }

    private void onWatchError(long gen, Throwable error) {
        if (gen != generation || isClosed()) {
            return;
        }
        suspend();
        failures++;
        Throwable cause = Failures.unwrap(error);
        if (cause instanceof CompactedException c) {
            LOG.info("{} etcd compacted its history up to rev={}, past our rev={}; reading everything again",
                    logContext, c.getCompactedRevision(), data.revision());
            fullRead();
            return;
        }
        logOutage("watch failed", cause);
        newGeneration();
        schedule(() -> startWatch(data.revision() + 1), nextBackoff());
    }

    private void onWatchCompleted(long gen) {
        if (gen != generation || isClosed()) {
            return;
        }
        onWatchError(gen, new IllegalStateException("watch ended"));
    }

    private void suspend() {
        if (connection.isConnected()) {
            inSyncAsOfNanos = System.nanoTime();
            setConnection(ConnectionState.SUSPENDED);
            long since = inSyncAsOfNanos;
            schedule(() -> {
                if (connection == ConnectionState.SUSPENDED && inSyncAsOfNanos == since && !isClosed()) {
                    LOG.warn("{} out of sync with etcd for {} at rev={}: connection lost", logContext, lostAfter,
                            data.revision());
                    setConnection(ConnectionState.LOST);
                }
            }, lostAfter.toMillis());
        }
    }

    private void setConnection(ConnectionState next) {
        if (connection == next || isClosed()) {
            return;
        }
        connection = next;
        for (ConnectionSubscription s : connectionSubscriptions) {
            notifyLater(() -> s.deliver(next));
        }
    }

    private long newGeneration() {
        generation++;
        closeWatcher();
        return generation;
    }

    private void closeWatcher() {
        Watch.Watcher w = watcher;
        watcher = null;
        if (w != null) {
            try {
                w.close();
            } catch (RuntimeException e) {
                LOG.debug("{} closing a watch failed", logContext, e);
            }
        }
    }

    private void publish() {
        ClusterSnapshot s = data.snapshot();
        if (current.getAndSet(s) != s) {
            scheduleNotify();
        }
    }

    private void setRevision(long revision) {
        if (revision != lastRevision) {
            lastRevision = revision;
            synchronized (revisionMonitor) {
                revisionMonitor.notifyAll();
            }
        }
    }

    private long nextBackoff() {
        long d = nextBackoffMillis;
        nextBackoffMillis = Math.min(maxBackoffMillis, nextBackoffMillis * 2);
        return d;
    }

    // The first failure of an outage is worth a warning; the retries that follow are not.
    private void logOutage(String what, Throwable error) {
        if (!outageLogged) {
            outageLogged = true;
            LOG.warn("{} {} at rev={}: {}; serving the last snapshot and retrying", logContext, what,
                    data.revision(), Failures.describe(error));
        } else {
            LOG.debug("{} {} at rev={}: {}", logContext, what, data.revision(), Failures.describe(error));
        }
    }

    private boolean isClosed() {
        return state.get() == State.CLOSED;
    }

    // ---- hand-offs --------------------------------------------------------------------------

    private void submit(Runnable task) {
        try {
            loop.execute(guarded(task));
        } catch (RejectedExecutionException e) {
            // closed: nothing more to do
        }
    }

    private void schedule(Runnable task, long delayMillis) {
        try {
            loop.schedule(guarded(task), delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    // A bug must not silently stop the view: log it and start over from a full read.
    private Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("{} unexpected failure; reading everything again", logContext, e);
                schedule(this::fullRead, nextBackoff());
            }
        };
    }

    private void scheduleNotify() {
        if (notifyPending.compareAndSet(false, true)) {
            try {
                notifier.execute(this::notifyListeners);
            } catch (RejectedExecutionException e) {
                // closed
            }
        }
    }

    private void notifyLater(Runnable task) {
        try {
            notifier.execute(task);
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    private void notifyListeners() {
        notifyPending.set(false);
        ClusterSnapshot s = current.get();
        for (Subscription sub : subscriptions) {
            sub.deliver(s);
        }
    }

    private final class WatchListener implements Watch.Listener {
        private final long gen;

        WatchListener(long gen) {
            this.gen = gen;
        }

        @Override
        public void onNext(WatchResponse response) {
            submit(() -> onWatchResponse(gen, response));
        }

        @Override
        public void onError(Throwable error) {
            submit(() -> onWatchError(gen, error));
        }

        @Override
        public void onCompleted() {
            submit(() -> onWatchCompleted(gen));
        }
    }

    private final class Subscription implements AutoCloseable {
        private final Consumer<ClusterSnapshot> listener;
        private volatile boolean active = true;
        private ClusterSnapshot last;  // listener thread only

        Subscription(Consumer<ClusterSnapshot> listener) {
            this.listener = listener;
        }

        void deliver(ClusterSnapshot s) {
            if (!active || s == last) {
                return;
            }
            last = s;
            try {
                listener.accept(s);
            } catch (RuntimeException e) {
                LOG.warn("{} listener {} failed on rev={}", logContext, listener, s.revision(), e);
            }
        }

        @Override
        public void close() {
            active = false;
            subscriptions.remove(this);
        }
    }

    private final class ConnectionSubscription implements AutoCloseable {
        private final Consumer<ConnectionState> listener;
        private volatile boolean active = true;
        private ConnectionState last;  // listener thread only

        ConnectionSubscription(Consumer<ConnectionState> listener) {
            this.listener = listener;
        }

        void deliver(ConnectionState s) {
            if (!active || s == last) {
                return;
            }
            last = s;
            try {
                listener.accept(s);
            } catch (RuntimeException e) {
                LOG.warn("{} connection listener {} failed on {}", logContext, listener, s, e);
            }
        }

        @Override
        public void close() {
            active = false;
            connectionSubscriptions.remove(this);
        }
    }

    // ---- helpers -----------------------------------------------------------------------------

    private static KeyChange change(KeyValue kv) {
        return KeyChange.put(string(kv.getKey()), string(kv.getValue()), kv.getModRevision());
    }

    /** The smallest key greater than every key starting with {@code prefix} (ASCII prefixes). */
    static String prefixEnd(String prefix) {
        char last = prefix.charAt(prefix.length() - 1);
        return prefix.substring(0, prefix.length() - 1) + (char) (last + 1);
    }

    private static ThreadFactory daemon(String name, Consumer<Thread> created) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            created.accept(t);
            return t;
        };
    }
}
