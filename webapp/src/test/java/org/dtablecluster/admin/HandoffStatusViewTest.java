package org.dtablecluster.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.dtablecluster.monitor.HandoffStatus;
import org.dtablecluster.monitor.MonitorStatus;
import org.dtablecluster.view.BucketMoves;
import org.dtablecluster.view.ClusterSnapshot;
import org.dtablecluster.view.Handoff;
import org.dtablecluster.view.HandoffAck;
import org.junit.jupiter.api.Test;

/** The buckets in handoff and the monitor's handoff counts in {@code /status} and on the page. */
class HandoffStatusViewTest {

    private static final String A = "dtable-server-01";
    private static final String C = "dtable-server-03";
    private static final long T0 = Reports.NOW.minusSeconds(5).toEpochMilli();
    private static final Handoff OPEN = new Handoff(0x3f, A, C, 12, T0, 4700);
    private static final Handoff CANCELLED = new Handoff(0x40, A, C, 12, T0 - 60_000, 4600);

    private static ClusterReport report() {
        ClusterSnapshot base = Reports.snapshot();
        BucketMoves moves = BucketMoves.builder().handoff(0x3f, OPEN).released(0x3f, new HandoffAck(A, 4700)).build();
        ClusterSnapshot s = new ClusterSnapshot(base.revision(), base.liveNodes(), base.assignment(), moves, 0);
        MonitorStatus plain = Reports.monitor();
        HandoffStatus h = new HandoffStatus(List.of(new HandoffStatus.Open(OPEN, true, false)), 69, 16, 14, 1,
                List.of(new HandoffStatus.Cancelled(CANCELLED, A + " did not release within 30 s", Reports.NOW)), 16,
                Duration.ofSeconds(30));
        MonitorStatus m = new MonitorStatus(plain.instanceId(), true, plain.leaderId(), plain.strategy(), true,
                Optional.empty(), plain.lastRun(), plain.bucketsPerNode(), 1, 12, 4, h);
        return new ClusterReport(Reports.NOW, s, true, Optional.of(m), List.of(), Optional.empty(), Optional.empty());
    }

    @Test
    void statusJsonListsBucketsInHandoffAndTheMonitorsCounts() {
        JsonNode s = StatusJson.of(report());
        JsonNode open = s.get("handoffs");
        assertEquals(1, open.size());
        assertEquals("3f", open.get(0).get("bucket").asText());
        assertEquals(A, open.get(0).get("from").asText());
        assertEquals(C, open.get(0).get("to").asText());
        assertEquals(12, open.get(0).get("term").asLong());
        assertEquals(Reports.NOW.minusSeconds(5).toString(), open.get(0).get("since").asText());
        assertTrue(open.get(0).get("released").asBoolean());
        assertFalse(open.get(0).get("accepted").asBoolean());

        JsonNode h = s.get("monitor").get("handoff");
        assertEquals(16, h.get("max_concurrent").asInt());
        assertEquals(30, h.get("timeout_seconds").asInt());
        assertEquals(69, h.get("pending").asInt());
        assertEquals(16, h.get("started").asLong());
        assertEquals(14, h.get("completed").asLong());
        assertEquals(1, h.get("cancelled").asLong());
        JsonNode c = h.get("recent_cancels").get(0);
        assertEquals("40", c.get("bucket").asText());
        assertEquals(A + " did not release within 30 s", c.get("reason").asText());
        assertEquals(Reports.NOW.toString(), c.get("at").asText());
    }

    @Test
    void thePageShowsThemToo() {
        String html = StatusPage.render(report(), "", "admin.example:5555");
        assertTrue(html.contains("<h2>Handoffs</h2>"), html);
        assertTrue(html.contains("<tr data-bucket=\"3f\"><td>3f</td><td>" + A + "</td><td>" + C + "</td>"), html);
        assertTrue(html.contains("did not release within 30 s"), html);
        assertTrue(html.contains("16 started · 14 completed · 1 cancelled · 69 waiting"), html);
    }

    @Test
    void withoutHandoffsThereIsNoSectionAndAnEmptyList() {
        JsonNode s = StatusJson.of(Reports.report(Optional.empty()));
        assertEquals(0, s.get("handoffs").size());
        assertEquals(0, s.get("monitor").get("handoff").get("started").asLong());
        assertFalse(StatusPage.render(Reports.report(Optional.empty()), "", "a:1").contains("<h2>Handoffs</h2>"));
    }
}
