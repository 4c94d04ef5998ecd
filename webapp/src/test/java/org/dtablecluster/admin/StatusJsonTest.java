package org.dtablecluster.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import org.dtablecluster.view.InMemoryClusterView;
import org.junit.jupiter.api.Test;

/** {@code GET /status}: nodes with URLs and counts, leader, revision, last run, counters. */
class StatusJsonTest {

    @Test
    void nodesCountsAndOwnersThatAreNotLive() {
        JsonNode s = StatusJson.of(Reports.report(Optional.empty()));

        assertEquals("2026-11-23T12:00:00Z", s.get("generated_at").asText());
        assertEquals(Reports.REVISION, s.get("revision").asLong());
        assertTrue(s.get("in_sync").asBoolean());
        assertEquals("proxy-01:4711", s.get("leader").asText());
        JsonNode nodes = s.get("nodes");
        assertEquals(4, nodes.size());
        JsonNode first = nodes.get(0);
        assertEquals("dtable-server-01", first.get("node_id").asText());
        assertTrue(first.get("live").asBoolean());
        assertEquals("https://dtable-server-01.example.com/", first.get("node_url").asText());
        assertEquals("http://10.0.0.1:5000/", first.get("local_node_url").asText());
        assertEquals(86, first.get("buckets").asInt());
        assertEquals(85, nodes.get(1).get("buckets").asInt());
        assertEquals(83, nodes.get(2).get("buckets").asInt());
        JsonNode gone = nodes.get(3);
        assertEquals("dtable-server-09", gone.get("node_id").asText());
        assertFalse(gone.get("live").asBoolean());
        assertTrue(gone.get("node_url").isNull());
        assertEquals(1, gone.get("buckets").asInt());
        assertEquals(2, s.get("buckets_without_live_owner").asInt());
        assertEquals(1, s.get("unassigned_buckets").asInt());
        assertEquals(256, s.get("assignment").size());
        assertEquals("dtable-server-02", s.get("assignment").get("56").asText());
        assertTrue(s.get("assignment").get("ff").isNull());
    }

    @Test
    void monitorProxyAndNodeSections() {
        JsonNode s = StatusJson.of(Reports.report(Optional.of("etcd refused the write")));

        JsonNode monitor = s.get("monitor");
        assertTrue(monitor.get("leader").asBoolean());
        assertEquals("sticky-balanced", monitor.get("strategy").asText());
        JsonNode idle = monitor.get("last_run");
        assertEquals("interval", idle.get("trigger").asText());
        assertEquals(0, idle.get("moved").asInt());
        JsonNode run = monitor.get("last_change");
        assertEquals("2026-11-23T11:59:00Z", run.get("started_at").asText());
        assertEquals("REPAIR", run.get("kind").asText());
        assertEquals(1, run.get("moved").asInt());
        assertEquals("0f", run.get("moves").get(0).get("bucket").asText());
        assertEquals("dtable-server-09", run.get("moves").get(0).get("from").asText());
        assertEquals("etcd refused the write", run.get("error").asText());
        assertEquals(9, run.get("took_ms").asInt());

        JsonNode proxy = s.get("proxy");
        assertEquals(3, proxy.get("forwarded").asLong());
        assertEquals(2, proxy.get("forwarded_by_node").get("dtable-server-02").asLong());
        assertEquals(1, proxy.get("errors").get("no_owner").asLong());
        assertEquals(0, proxy.get("errors").get("owner_timeout").asLong());
        assertTrue(s.get("node").isNull(), "no node role in a proxy process");

        AdminSources node = new AdminSources(new InMemoryClusterView(Reports.snapshot()), () -> false,
                Optional::empty, List::of, Optional.empty(), () -> Optional.of(Reports.nodeStatus()), Reports.CLOCK);
        JsonNode n = StatusJson.of(node.report());
        assertTrue(n.get("monitor").isNull());
        assertTrue(n.get("proxy").isNull());
        assertTrue(n.get("leader").isNull());
        assertFalse(n.get("in_sync").asBoolean());
        assertEquals("694d7a2c", n.get("node").get("lease_id").asText());
        assertEquals("00-02", n.get("node").get("owned_buckets").asText());
        assertEquals("HEALTHY", n.get("node").get("health").asText());
    }
}
