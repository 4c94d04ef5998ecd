package org.dtablecluster.etcd;

import static java.util.Objects.requireNonNull;
import static org.dtablecluster.etcd.EtcdClients.bytes;
import static org.dtablecluster.etcd.EtcdClients.string;

import io.etcd.jetcd.Client;
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
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.dtablecluster.concurrent.EventLoop;
import org.dtablecluster.etcd.ViewState.KeyChange;
import org.dtablecluster.view.ClusterSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How an {@link EtcdClusterView} follows etcd, on one thread of its own; jetcd callbacks only
 * hand work to it. It reads every node, assign and handoff (handoff, released, accepted) key in
 * one transaction (so all are of one revision), then watches from that revision + 1. After any
 * watch error or end it watches again itself, from the last revision it applied + 1, with
 * exponential backoff (jetcd's own resume restarts from a revision of its choosing and gives up
 * on most errors, so it is not relied on); if that revision was compacted meanwhile, it reads
 * everything again. Changes are applied idempotently by mod revision, so re-delivered events are
 * harmless. Connection state: {@code CONNECTED} once a watch is established, {@code SUSPENDED} on
 * an error, {@code LOST} when that lasts {@code lostAfter}.
 */
final class ViewFollower {

    private static final Logger LOG = LoggerFactory.getLogger(ViewFollower.class);

    private final EtcdClusterView view;
    private final Client client;
    private final Keyspace keyspace;
    private final ViewTimings timings;
    private final String watchStart;
    private final String watchEnd;
    private final String logContext;
    private final EventLoop loop;
    private final Executor onLoop = this::submit;
    private final ViewConnection connection;
    private volatile boolean closed;
    private volatile long fullReads;
    private volatile long watchStarts;
    private volatile long failures;

    // owned by the loop thread
    private final ViewState data;
    private Watch.Watcher watcher;
    private long generation;
    private long nextBackoffMillis;
    private boolean outageLogged;

    ViewFollower(EtcdClusterView view, Client client, Keyspace keyspace, ViewTimings timings, String logContext) {
        this.view = requireNonNull(view, "view is null");
        this.client = requireNonNull(client, "client is null");
        this.keyspace = requireNonNull(keyspace, "keyspace is null");
        this.timings = requireNonNull(timings, "timings is null");
        this.logContext = logContext;
        this.nextBackoffMillis = timings.initialBackoff().toMillis();
        // one watch over [assign-, dtable-server.) covers both prefixes and our dtable-cluster/
        // keys between them; ViewState ignores those that are not handoff keys (the election)
        this.watchStart = keyspace.assignScanPrefix();
        this.watchEnd = Keyspace.prefixEnd(keyspace.nodeScanPrefix());
        this.data = new ViewState(keyspace);
        this.loop = new EventLoop("dtable-cluster-view", logContext);
        this.connection = new ViewConnection(timings.lostAfter(), (task, delay) -> schedule(task, delay.toMillis()),
                view::connectionChanged);
    }

    void start() {
        submit(this::fullRead);
    }

    /** Stops watching; waits up to {@code timeout} unless called on the view's own thread. */
    void close(Duration timeout) {
        closed = true;
        connection.close();
        loop.execute(() -> {
            generation++;
            closeWatcher();
        });
        loop.shutdown(timeout);
    }

    boolean onLoopThread() {
        return loop.inLoop();
    }

    ViewConnection connection() {
        return connection;
    }

    EtcdClusterView.Stats stats() {
        return new EtcdClusterView.Stats(fullReads, watchStarts, failures, data.redelivered(), data.malformed());
    }

    /** For tests: drops the watch and watches again from {@code revision}, as a reconnect might. */
    void rewatchFrom(long revision) {
        submit(() -> startWatch(revision));
    }

    private void fullRead() {
        if (closed) {
            return;
        }
        long gen = newGeneration();
        fullReads++;
        GetOption prefix = GetOption.builder().isPrefix(true).build();
        CompletableFuture<TxnResponse> read;
        try {
            read = client.getKVClient().txn()
                    .Then(ViewState.scanPrefixes(keyspace).stream().map(p -> Op.get(bytes(p), prefix))
                            .toArray(Op[]::new))
                    .commit();
        } catch (RuntimeException e) {
            read = CompletableFuture.failedFuture(e);
        }
        read.orTimeout(timings.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .whenCompleteAsync((response, error) -> onFullRead(gen, response, error), onLoop);
    }

    private void onFullRead(long gen, TxnResponse response, Throwable error) {
        if (gen != generation || closed) {
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
        response.getGetResponses().forEach(r -> r.getKvs().forEach(kv -> keys.add(KeyChange.of(kv))));
        data.reset(keys, revision);
        ClusterSnapshot s = data.snapshot();
        view.readAll(s, data.revision());
        LOG.info("{} read {} live nodes and {} owned buckets at rev={}", logContext, s.liveNodes().size(),
                s.assignment().bucketCounts().values().stream().mapToInt(Integer::intValue).sum(), revision);
        startWatch(revision + 1);
    }

    private void startWatch(long fromRevision) {
        if (closed) {
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
            watcher = client.getWatchClient().watch(bytes(watchStart), option, watchListener(gen));
        } catch (RuntimeException e) {
            onWatchError(gen, e);
        }
    }

    private void onWatchResponse(long gen, WatchResponse response) {
        if (gen != generation || closed) {
            return;
        }
        if (response.isCreatedNotify()) {
            onWatchCreated(response.getHeader().getRevision());
            return;
        }
        boolean changed = false;
        for (WatchEvent event : response.getEvents()) {
            switch (event.getEventType()) {
                case PUT -> changed |= data.apply(KeyChange.of(event.getKeyValue()));
                case DELETE -> changed |= data.apply(KeyChange.delete(string(event.getKeyValue().getKey()),
                        event.getKeyValue().getModRevision()));
                default -> LOG.debug("{} ignoring watch event of type {}", logContext, event.getEventType());
            }
        }
        view.applied(changed ? data.snapshot() : null, data.revision());
    }

    private void onWatchCreated(long headerRevision) {
        if (outageLogged) {
            LOG.info("{} watching etcd again from rev={}", logContext, data.revision() + 1);
        }
        connection.connected();
        outageLogged = false;
        nextBackoffMillis = timings.initialBackoff().toMillis();
        if (headerRevision < data.revision()) {
            LOG.warn("{} etcd is at rev={} but we applied rev={}: its history was reset; reading everything again",
                    logContext, headerRevision, data.revision());
            fullRead();
        }
    }

    private void onWatchError(long gen, Throwable error) {
        if (gen != generation || closed) {
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
        if (gen != generation || closed) {
            return;
        }
        onWatchError(gen, new IllegalStateException("watch ended"));
    }

    private void suspend() {
        connection.suspended(() -> LOG.warn("{} out of sync with etcd for {} at rev={}: connection lost", logContext,
                connection.lostAfter(), data.revision()));
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

    private long nextBackoff() {
        long d = nextBackoffMillis;
        nextBackoffMillis = Math.min(timings.maxBackoff().toMillis(), nextBackoffMillis * 2);
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

    private void submit(Runnable task) {
        loop.execute(guarded(task));
    }

    private void schedule(Runnable task, long delayMillis) {
        loop.schedule(guarded(task), Duration.ofMillis(delayMillis));
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

    private Watch.Listener watchListener(long gen) {
        return Watch.listener(response -> submit(() -> onWatchResponse(gen, response)),
                error -> submit(() -> onWatchError(gen, error)), () -> submit(() -> onWatchCompleted(gen)));
    }
}
