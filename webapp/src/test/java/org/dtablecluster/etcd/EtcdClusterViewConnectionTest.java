package org.dtablecluster.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcd.jetcd.Client;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dtablecluster.testing.EtcdClusterExtension;
import org.dtablecluster.testing.Poll;
import org.dtablecluster.view.ConnectionState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The view's connection state (Curator-style) and its staleness, against a real etcd member. */
class EtcdClusterViewConnectionTest {

    @RegisterExtension
    static final EtcdClusterExtension etcd = EtcdClusterExtension.builder().build();

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void goesSuspendedThenLostWhileEtcdIsDownAndConnectedAgainAfter() throws Exception {
        List<ConnectionState> seen = new CopyOnWriteArrayList<>();
        List<ConnectionState> afterBrokenListener = new CopyOnWriteArrayList<>();
        try (Client client = etcd.newClient();
                EtcdClusterView view = new EtcdClusterView(client, new Keyspace("conn/"), Duration.ofMillis(50),
                        Duration.ofMillis(500), WAIT, Duration.ofMillis(1500))) {
            view.subscribeConnectionState(s -> {
                throw new IllegalStateException("a broken listener");
            });
            view.subscribeConnectionState(seen::add);
            view.subscribeConnectionState(afterBrokenListener::add);
            view.start();
            Poll.until(WAIT, () -> seen.contains(ConnectionState.CONNECTED), () -> "seen " + seen);
            assertEquals(List.of(ConnectionState.SUSPENDED, ConnectionState.CONNECTED), seen,
                    "the state at subscription, then each change");
            assertEquals(Duration.ZERO, view.staleness(System.nanoTime()));

            etcd.member(0).stop();
            Poll.until(WAIT, () -> view.connectionState() == ConnectionState.LOST, () -> "seen " + seen);
            long stale = view.staleness(System.nanoTime()).toMillis();
            assertTrue(stale >= 1500, "stale for at least lostAfter once LOST, was " + stale + " ms");

            etcd.member(0).start();
            Poll.until(WAIT, view::isConnected, "back in sync");
            Poll.until(WAIT, () -> seen.size() == 5, () -> "seen " + seen);
            assertEquals(List.of(ConnectionState.SUSPENDED, ConnectionState.CONNECTED, ConnectionState.SUSPENDED,
                    ConnectionState.LOST, ConnectionState.CONNECTED), seen);
            assertEquals(seen, afterBrokenListener, "a listener that throws hurts no other");
            assertEquals(Duration.ZERO, view.staleness(System.nanoTime()));
            assertTrue(view.current().age(System.nanoTime()).compareTo(Duration.ZERO) > 0);
        }
    }
}
