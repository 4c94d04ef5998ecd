package org.dtablecluster.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.dtablecluster.json.Json;
import org.dtablecluster.monitor.HandoffStatus;
import org.dtablecluster.monitor.MonitorStatus;
import org.dtablecluster.monitor.RunRecord;
import org.dtablecluster.node.NodeStatus;
import org.dtablecluster.proxy.ProxyMetrics;
import org.dtablecluster.spi.Move;
import org.dtablecluster.view.ClusterSnapshot;
import org.dtablecluster.view.Handoff;

/**
 * {@code GET /status} as JSON. Names are snake_case like the registration JSON; absent roles are
 * {@code null}; times are ISO-8601 UTC.
 *
 * <pre>
 * {"generated_at": "...", "revision": 1234, "in_sync": true, "leader": "proxy-01:4711",
 *  "nodes": [{"node_id": "dtable-server-01", "live": true, "node_url": "https://...",
 *             "local_node_url": "http://...", "buckets": 86, "drained": false}, ...],
 *  "buckets_without_live_owner": 0, "unassigned_buckets": 0,
 *  "assignment": {"00": "dtable-server-01", ..., "ff": "dtable-server-03"},
 *  "drained": [{"node_id": "dtable-server-02", "by": "admin", "at": "...", "live": true}],
 *  "pins": {"3f": "dtable-server-01"},
 *  "handoffs": [{"bucket": "3f", "from": "dtable-server-01", "to": "dtable-server-03", "term": 12,
 *                "since": "...", "released": true, "accepted": false}],
 *  "monitor": {"instance_id": ..., "leader": true, "leader_id": ..., "strategy": ..., "in_sync": true,
 *              "grace_until": null, "runs": 12, "transactions": 3,
 *              "last_run": {"started_at": ..., "kind": "REBALANCE", "trigger": "rebalance", "moved": 85,
 *                           "moves": [{"bucket": "0f", "from": ..., "to": ...}], "error": null,
 *                           "revision": 1230, "took_ms": 14},
 *              "last_change": the latest recent run that moved buckets or failed, same fields, or null,
 *              "handoff": {"max_concurrent": 16, "timeout_seconds": 30, "pending": 69, "started": 16,
 *                          "completed": 14, "cancelled": 1, "recent_cancels": [{"bucket": "40", "from": ...,
 *                          "to": ..., "term": 12, "reason": "dtable-server-01 did not release within 30 s",
 *                          "at": "..."}]}},
 *  "proxy": {"forwarded": 100, "forwarded_by_node": {...}, "errors": {"no_owner": 0, ...}, "client_aborts": 0,
 *            "held": {"now": 0, "total": 0, "expired": 0, "rejected": 0}, "retries_after_421": 0, "view_stale": 0,
 *            "tunnels": {"open": 2, "open_by_node": {"dtable-server-01": 2}, "closed": {"bucket_moved": 0, ...}}},
 *  "node": null}
 * </pre>
 */
final class StatusJson {

    private StatusJson() {
    }

    static ObjectNode of(ClusterReport report) {
        ObjectNode o = Json.object();
        ClusterSnapshot s = report.snapshot();
        o.put("generated_at", report.at().toString());
        o.put("revision", s.revision());
        o.put("in_sync", report.inSync());
        o.put("leader", report.leader().orElse(null));
        ArrayNode nodes = o.putArray("nodes");
        for (ClusterReport.NodeRow row : report.nodes()) {
            ObjectNode n = nodes.addObject().put("node_id", row.nodeId()).put("live", row.live());
            n.put("node_url", row.entry().map(e -> e.nodeUrl().toString()).orElse(null));
            n.put("local_node_url", row.entry().map(e -> e.localNodeUrl().toString()).orElse(null));
            n.put("buckets", row.buckets());
            n.put("drained", s.intent().isDrained(row.nodeId()));
        }
        o.put("buckets_without_live_owner", report.bucketsWithoutLiveOwner());
        o.put("unassigned_buckets", report.unassignedBuckets());
        ObjectNode assignment = o.putObject("assignment");
        for (int b = 0; b < report.bucketCount(); b++) {
            assignment.put(ClusterReport.hex(b), s.assignment().ownerOrNull(b));
        }
        ArrayNode drained = o.putArray("drained");
        s.intent().drained().forEach((node, d) -> drained.addObject().put("node_id", node).put("by", d.by().orElse(null))
                .put("at", d.at().map(Instant::toString).orElse(null)).put("live", s.liveNodes().containsKey(node)));
        ObjectNode pins = o.putObject("pins");
        s.intent().pins().forEach((bucket, node) -> pins.put(ClusterReport.hex(bucket), node));
        ArrayNode handoffs = o.putArray("handoffs");
        for (Handoff h : s.moves().open()) {
            handoff(handoffs.addObject(), h).put("since", Instant.ofEpochMilli(h.startedEpochMs()).toString())
                    .put("released", s.moves().released(h.bucket())).put("accepted", s.moves().accepted(h.bucket()));
        }
        o.set("monitor", report.monitor().map(m -> monitor(m, report)).orElse(null));
        o.set("proxy", report.proxy().map(StatusJson::proxy).orElse(null));
        o.set("node", report.node().map(StatusJson::node).orElse(null));
        return o;
    }

    private static ObjectNode monitor(MonitorStatus m, ClusterReport report) {
        ObjectNode o = Json.object();
        o.put("instance_id", m.instanceId());
        o.put("leader", m.leader());
        o.put("leader_id", m.leaderId().orElse(null));
        o.put("strategy", m.strategy());
        o.put("in_sync", m.inSync());
        o.put("grace_until", m.graceUntil().map(Instant::toString).orElse(null));
        o.put("runs", m.runs());
        o.put("transactions", m.transactions());
        o.set("last_run", m.lastRun().map(StatusJson::run).orElse(null));
        o.set("last_change", report.lastChange().map(StatusJson::run).orElse(null));
        HandoffStatus h = m.handoffs();
        ObjectNode ho = o.putObject("handoff").put("max_concurrent", h.maxConcurrent())
                .put("timeout_seconds", h.timeout().toSeconds()).put("pending", h.pending()).put("started", h.started())
                .put("completed", h.completed()).put("cancelled", h.cancelled());
        ArrayNode cancels = ho.putArray("recent_cancels");
        for (HandoffStatus.Cancelled c : h.recentCancels()) {
            handoff(cancels.addObject(), c.handoff()).put("reason", c.reason()).put("at", c.at().toString());
        }
        return o;
    }

    private static ObjectNode handoff(ObjectNode o, Handoff h) {
        return o.put("bucket", h.hex()).put("from", h.from()).put("to", h.to()).put("term", h.term());
    }

    static ObjectNode run(RunRecord r) {
        ObjectNode o = Json.object();
        o.put("started_at", r.startedAt().toString());
        o.put("kind", r.kind().name());
        o.put("trigger", r.trigger());
        o.put("moved", r.moves().size());
        ArrayNode moves = o.putArray("moves");
        for (Move m : r.moves()) {
            moves.addObject().put("bucket", m.bucketHex()).put("from", m.from()).put("to", m.to());
        }
        o.put("error", r.error().orElse(null));
        o.put("revision", r.revision());
        o.put("took_ms", r.took().toMillis());
        return o;
    }

    private static ObjectNode proxy(ProxyMetrics p) {
        ObjectNode o = Json.object();
        o.put("forwarded", p.forwardedTotal());
        ObjectNode byNode = o.putObject("forwarded_by_node");
        p.forwardedByNode().forEach(byNode::put);
        ObjectNode errors = o.putObject("errors");
        p.errorsByCode().forEach(errors::put);
        o.put("client_aborts", p.clientAborts());
        ObjectNode held = o.putObject("held");
        held.put("now", p.heldNow());
        held.put("total", p.heldTotal());
        held.put("expired", p.heldExpiredTotal());
        held.put("rejected", p.heldRejectedTotal());
        o.put("retries_after_421", p.retriedTotal());
        o.put("view_stale", p.viewStaleTotal());
        ObjectNode tunnels = o.putObject("tunnels");
        tunnels.put("open", p.tunnels().openTotal());
        ObjectNode openByNode = tunnels.putObject("open_by_node");
        p.tunnels().openByNode().forEach(openByNode::put);
        ObjectNode closed = tunnels.putObject("closed");
        p.tunnels().closedByReason().forEach(closed::put);
        return o;
    }

    private static ObjectNode node(NodeStatus n) {
        ObjectNode o = Json.object();
        o.put("node_id", n.nodeId());
        o.put("instance", n.instance());
        o.put("state", n.state().name());
        o.put("registered", n.registered());
        o.put("lease_id", n.leaseId() == 0 ? null : n.leaseIdHex());
        o.put("lease_grants", n.leaseGrants());
        o.put("claiming", n.claiming());
        o.put("last_keepalive", n.lastKeepAliveAt() == null ? null : n.lastKeepAliveAt().toString());
        o.put("health", n.health().name());
        o.put("consecutive_health_failures", n.consecutiveHealthFailures());
        o.put("owned_buckets", n.ownedBucketRanges());
        o.put("owned_bucket_count", n.ownedBuckets().size());
        o.put("assignment_revision", n.assignmentRevision());
        o.put("last_error", n.lastError());
        o.put("last_error_at", n.lastErrorAt() == null ? null : n.lastErrorAt().toString());
        ObjectNode h = o.putObject("handoff");
        h.put("enabled", n.handoff().enabled());
        h.put("fenced", n.handoff().fenced());
        h.put("valid_until", n.handoff().validUntil() == null ? null : n.handoff().validUntil().toString());
        h.put("confirmed_owned_count", n.handoff().confirmedOwned());
        h.put("releases_written", n.handoff().releasesWritten());
        h.put("acceptances_written", n.handoff().acceptancesWritten());
        return o;
    }
}
