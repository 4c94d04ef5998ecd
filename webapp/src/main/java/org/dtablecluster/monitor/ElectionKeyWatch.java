package org.dtablecluster.monitor;

import static java.util.Objects.requireNonNull;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import java.util.function.LongConsumer;
import org.dtablecluster.concurrent.EventLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Watches the leader's own election key, so a deletion from outside ends the term at once. Loop only. */
final class ElectionKeyWatch {

    private static final Logger LOG = LoggerFactory.getLogger(ElectionKeyWatch.class);

    private final Client client;
    private final EventLoop loop;
    private final String log;
    private Watch.Watcher watcher;

    ElectionKeyWatch(Client client, EventLoop loop, String log) {
        this.client = requireNonNull(client, "client is null");
        this.loop = requireNonNull(loop, "loop is null");
        this.log = requireNonNull(log, "log is null");
    }

    /**
     * Watches {@code key} from {@code fromRevision}, replacing any earlier watch.
     *
     * @param onDeleted told on the loop, with the revision, when the key is deleted
     * @param onEnded told on the loop when the watch fails or ends (the key may or may not live)
     */
    void watch(ByteSequence key, long fromRevision, LongConsumer onDeleted, Runnable onEnded) {
        close();
        WatchOption option = WatchOption.builder().withRevision(fromRevision).build();
        watcher = client.getWatchClient().watch(key, option, Watch.listener(response -> {
            for (WatchEvent event : response.getEvents()) {
                if (event.getEventType() == WatchEvent.EventType.DELETE) {
                    long rev = event.getKeyValue().getModRevision();
                    loop.execute(() -> onDeleted.accept(rev));
                }
            }
        }, error -> loop.execute(onEnded), () -> loop.execute(onEnded)));
    }

    void close() {
        if (watcher != null) {
            try {
                watcher.close();
            } catch (RuntimeException e) {
                LOG.debug("{} closing the election watch failed", log, e);
            }
            watcher = null;
        }
    }
}
