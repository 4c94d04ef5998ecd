package org.dtablecluster.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.etcd.jetcd.Client;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.dtablecluster.etcd.EtcdClients;
import org.dtablecluster.etcd.Keyspace;
import org.dtablecluster.spi.Move;
import org.dtablecluster.spi.RunKind;
import org.dtablecluster.testing.EtcdClusterExtension;
import org.dtablecluster.testing.Poll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The history in a real etcd: paged newest first, bounded, written only under the leadership. */
class ChangeHistoryTest {

    @RegisterExtension
    static final EtcdClusterExtension etcd = EtcdClusterExtension.builder().build();

    private static RunRecord run(int bucket) {
        return new RunRecord(Instant.parse("2026-01-01T00:00:00Z"), RunKind.REBALANCE, "rebalance", 1,
                List.of(new Move(bucket, "dtable-server-01", "dtable-server-02")), Optional.empty(), 7, 1, 0,
                Duration.ofMillis(12));
    }

    @Test
    void keepsTheNewest500AndPagesNewestFirst() throws Exception {
        etcd.deleteAllKeys();
        try (Client client = EtcdClients.create(etcd.settings(""));
                MonitorFixture m = MonitorFixture.start(etcd, "monitor-1", MonitorFixture.settings(Duration.ZERO)
                        .withAutoRebalance(false, Duration.ZERO, 64))) {
            Poll.until(Duration.ofSeconds(10), m.monitor::isLeader, "leads");
            Leadership l = m.monitor.leadership().orElseThrow();
            ChangeHistory history = new ChangeHistory(client.getKVClient(), Keyspace.root(), "[test]");
            for (int i = 0; i < 510; i++) {
                history.record(l, ChangeHistory.entry(run(i % 256), "admin", List.of()));
                if (i % 50 == 0) {
                    Thread.sleep(20); // let etcd keep up; writes do not wait
                }
            }
            Poll.until(Duration.ofSeconds(10), () -> newest(history) == 509, "all written");
            List<JsonNode> page = history.page(3, Long.MAX_VALUE);
            assertEquals(List.of(509L, 508L, 507L), page.stream().map(e -> e.get("seq").asLong()).toList());
            assertEquals("admin", page.get(0).get("requested_by").asText());
            assertEquals("fd", page.get(0).get("moves").get(0).get("bucket").asText());
            assertEquals(List.of(506L, 505L), history.page(2, 507).stream().map(e -> e.get("seq").asLong()).toList());
            long kept = client.getKVClient().get(EtcdClients.bytes(Keyspace.root().historyScanPrefix()),
                    io.etcd.jetcd.options.GetOption.builder().isPrefix(true).withCountOnly(true).build())
                    .get().getCount();
            assertEquals(ChangeHistory.KEEP, kept, "bounded");
            assertEquals(10L, history.page(500, 20).stream().mapToLong(e -> e.get("seq").asLong()).min().orElse(-1),
                    "the oldest kept is 510 - 500");
        }
    }

    @Test
    void aRebalanceIsRecordedWithWhoAskedForIt() throws Exception {
        etcd.deleteAllKeys();
        try (Client client = EtcdClients.create(etcd.settings(""));
                FakeNodes nodes = new FakeNodes(client, Keyspace.root());
                MonitorFixture m = MonitorFixture.start(etcd, "monitor-1", MonitorFixture.settings(Duration.ZERO)
                        .withAutoRebalance(false, Duration.ZERO, 64))) {
            nodes.register("dtable-server-01", 5);
            Poll.until(Duration.ofSeconds(10), () -> nodes.assignment().isComplete(), "assigned");
            nodes.register("dtable-server-02", 5);
            Poll.until(Duration.ofSeconds(10), () -> m.view.current().liveNodes().size() == 2, "both live");
            assertTrue(m.monitor.rebalance("alice").succeeded());
            Poll.until(Duration.ofSeconds(10), () -> page(m.monitor, 10).stream()
                    .anyMatch(e -> e.get("requested_by").asText().equals("alice")), "recorded");
            JsonNode newest = m.monitor.history(1, Long.MAX_VALUE).get(0);
            assertEquals("rebalance", newest.get("trigger").asText());
            assertEquals(128, newest.get("moves").size());
            JsonNode repair = m.monitor.history(1, newest.get("seq").asLong()).get(0);
            assertEquals("repair", repair.get("requested_by").asText(), "the first assignment, by a repair");
        }
    }

    private static List<JsonNode> page(Monitor m, int limit) {
        try {
            return m.history(limit, Long.MAX_VALUE);
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    private static long newest(ChangeHistory h) {
        try {
            List<JsonNode> p = h.page(1, Long.MAX_VALUE);
            return p.isEmpty() ? -1 : p.get(0).get("seq").asLong();
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
