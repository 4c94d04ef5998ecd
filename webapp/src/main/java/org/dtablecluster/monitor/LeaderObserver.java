package org.dtablecluster.monitor;

import static java.util.Objects.requireNonNull;
import static org.dtablecluster.etcd.EtcdClients.bytes;
import static org.dtablecluster.etcd.EtcdClients.string;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.dtablecluster.concurrent.EventLoop;
import org.dtablecluster.etcd.Failures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who leads the election, kept in memory so that reading it never asks etcd (one Jolokia read
 * of the monitor bean used to cost a round trip per attribute, and could block during an outage).
 * The leader is the candidate with the oldest key under the election's prefix, as etcd's election
 * API has it; the observer reads that once, watches the prefix, and reads again after each change.
 * While etcd is unreachable it keeps the last answer and retries every second.
 */
final class LeaderObserver implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LeaderObserver.class);
    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final long READ_TIMEOUT_MILLIS = 2000;

    private final Client client;
    private final ByteSequence prefix;
    private final EventLoop loop;
    private final String log;
    private volatile LeaderInfo leader;

    // confined to the loop
    private Watch.Watcher watcher;
    private boolean reading;
    private boolean readAgain;
    private boolean closed;

    LeaderObserver(Client client, String electionName, EventLoop loop, String log) {
        this.client = requireNonNull(client, "client is null");
        this.prefix = bytes(requireNonNull(electionName, "electionName is null") + "/");
        this.loop = requireNonNull(loop, "loop is null");
        this.log = requireNonNull(log, "log is null");
    }

    void start() {
        loop.execute(this::read);
    }

    /** The leading candidate as last seen; empty when none leads or nothing was seen yet. Any thread. */
    Optional<LeaderInfo> leader() {
        return Optional.ofNullable(leader);
    }

    @Override
    public void close() {
        loop.execute(() -> {
            closed = true;
            closeWatcher();
        });
    }

    private void read() {
        if (closed) {
            return;
        }
        if (reading) {
            readAgain = true;
            return;
        }
        reading = true;
        GetOption oldest = GetOption.builder().isPrefix(true).withSortField(GetOption.SortTarget.CREATE)
                .withSortOrder(GetOption.SortOrder.ASCEND).withLimit(1).build();
        client.getKVClient().get(prefix, oldest).orTimeout(READ_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                .whenCompleteAsync(this::onRead, loop);
    }

    private void onRead(GetResponse response, Throwable error) {
        reading = false;
        if (closed) {
            return;
        }
        if (error != null) {
            LOG.debug("{} cannot read who leads: {}", log, Failures.describe(error));
            closeWatcher();
            loop.schedule(this::read, RETRY);
            return;
        }
        leader = response.getKvs().isEmpty() ? null : LeaderInfo.decode(string(response.getKvs().get(0).getValue()));
        if (watcher == null) {
            watch(response.getHeader().getRevision() + 1);
        }
        if (readAgain) {
            readAgain = false;
            read();
        }
    }

    private void watch(long fromRevision) {
        WatchOption option = WatchOption.builder().isPrefix(true).withRevision(fromRevision).build();
        watcher = client.getWatchClient().watch(prefix, option, new Watch.Listener() {
            @Override
            public void onNext(WatchResponse response) {
                loop.execute(LeaderObserver.this::read);
            }

            @Override
            public void onError(Throwable error) {
                loop.execute(LeaderObserver.this::onWatchEnded);
            }

            @Override
            public void onCompleted() {
                loop.execute(LeaderObserver.this::onWatchEnded);
            }
        });
    }

    private void onWatchEnded() {
        closeWatcher();
        if (!closed) {
            loop.schedule(this::read, RETRY);
        }
    }

    private void closeWatcher() {
        if (watcher != null) {
            try {
                watcher.close();
            } catch (RuntimeException e) {
                LOG.debug("{} closing the leader watch failed", log, e);
            }
            watcher = null;
        }
    }
}
