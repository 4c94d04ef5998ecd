package org.dtablecluster.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.dtablecluster.monitor.LeaderInfo;
import org.dtablecluster.monitor.RebalanceResult.Outcome;
import org.dtablecluster.monitor.RebalanceResult;
import org.dtablecluster.spi.Move;
import org.dtablecluster.testing.RebalanceServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The servlet's HTTP contract on a real Jetty, with the monitor's answers given. */
class RebalanceServletTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final AtomicReference<RebalanceResult> answer = new AtomicReference<>();
    private final AtomicReference<String> called = new AtomicReference<>();
    private final AtomicReference<Optional<LeaderInfo>> leader = new AtomicReference<>(Optional.empty());
    private RebalanceServer server;

    @BeforeEach
    void startJetty() throws Exception {
        server = new RebalanceServer(new RebalanceServlet(user -> {
            called.set("rebalance");
            return answer.get();
        }, () -> {
            called.set("dry run");
            return answer.get();
        }, new LeaderForwarding(() -> leader.get(), "proxy-1:7", Duration.ofSeconds(5))));
    }

    @AfterEach
    void stopJetty() {
        server.close();
    }

    @Test
    void postAnswersTheMovesAndCounts() throws Exception {
        answer.set(RebalanceResult.done(Outcome.APPLIED,
                List.of(new Move(0x0f, "dtable-server-01", "dtable-server-03")),
                Map.of("dtable-server-01", 127, "dtable-server-03", 129), "proxy-1:7", 42));
        HttpResponse<String> r = server.send("POST", "/rebalance/");
        assertEquals(200, r.statusCode());
        assertEquals("rebalance", called.get());
        assertEquals("application/json;charset=utf-8", r.headers().firstValue("Content-Type").orElse("")
                .toLowerCase().replace(" ", ""));
        JsonNode body = JSON.readTree(r.body());
        assertEquals(1, body.get("moved").asInt());
        assertEquals(JSON.readTree("[{\"bucket\":\"0f\",\"from\":\"dtable-server-01\",\"to\":\"dtable-server-03\"}]"),
                body.get("moves"));
        assertEquals(JSON.readTree("{\"dtable-server-01\":127,\"dtable-server-03\":129}"), body.get("counts"));
        assertEquals(42, body.get("revision").asLong());
        assertEquals(false, body.get("dry_run").asBoolean());
    }

    @Test
    void dryRunAsksForThePlanOnly() throws Exception {
        answer.set(RebalanceResult.done(Outcome.PLANNED, List.of(), Map.of("dtable-server-01", 256), null, 0));
        HttpResponse<String> r = server.send("POST", "/rebalance/?dry_run=true");
        assertEquals(200, r.statusCode());
        assertEquals("dry run", called.get());
        assertTrue(JSON.readTree(r.body()).get("dry_run").asBoolean());
    }

    @Test
    void withoutAKnownLeaderNotLeadingIs409() throws Exception {
        answer.set(RebalanceResult.refused(Outcome.NOT_LEADER, null, "this instance is not the leader"));
        HttpResponse<String> r = server.send("POST", "/rebalance/");
        assertEquals(409, r.statusCode());
        JsonNode body = JSON.readTree(r.body());
        assertEquals("not_leader", body.get("error").asText());
        assertTrue(body.get("leader").isNull());
    }

    @Test
    void notTheLeaderForwardsToTheLeaderAndAnswersWithItsAnswer() throws Exception {
        answer.set(RebalanceResult.refused(Outcome.NOT_LEADER, "proxy-2:99", "this instance is not the leader"));
        Captured seen = new Captured();
        try (RebalanceServer leaderAdmin = new RebalanceServer(seen)) {
            leader.set(Optional.of(LeaderInfo.of("proxy-2:99", leaderAdmin.base().toString())));
            HttpResponse<String> r = server.send("POST", "/rebalance/?dry_run=false",
                    "Authorization", "Basic YWRtaW46c2VjcmV0");
            assertEquals(202, r.statusCode());
            assertEquals("{\"moved\":3}", r.body());
            assertEquals(Optional.of("7"), r.headers().firstValue("Retry-After"));
            assertEquals("POST /rebalance/?dry_run=false", seen.request);
            assertEquals("Basic YWRtaW46c2VjcmV0", seen.authorization);
            assertEquals("proxy-1:7", seen.forwardedBy);
        }
    }

    @Test
    void aForwardedRequestIsNeverForwardedAgain() throws Exception {
        answer.set(RebalanceResult.refused(Outcome.NOT_LEADER, "proxy-2:99", "this instance is not the leader"));
        Captured seen = new Captured();
        try (RebalanceServer leaderAdmin = new RebalanceServer(seen)) {
            leader.set(Optional.of(LeaderInfo.of("proxy-2:99", leaderAdmin.base().toString())));
            HttpResponse<String> r = server.send("POST", "/rebalance/", LeaderForwarding.HEADER, "proxy-3:5");
            assertEquals(409, r.statusCode());
            JsonNode body = JSON.readTree(r.body());
            assertEquals("not_leader", body.get("error").asText());
            assertEquals("proxy-2:99", body.get("leader").asText());
            assertTrue(body.get("message").asText().contains("proxy-3:5"), body.toString());
            assertEquals(null, seen.request);
        }
    }

    @Test
    void anUnreachableLeaderIs502NamingIt() throws Exception {
        answer.set(RebalanceResult.refused(Outcome.NOT_LEADER, "proxy-2:99", "this instance is not the leader"));
        String gone;
        try (RebalanceServer stopped = new RebalanceServer(new Captured())) {
            gone = stopped.base().toString();
        }
        leader.set(Optional.of(LeaderInfo.of("proxy-2:99", gone)));
        HttpResponse<String> r = server.send("POST", "/rebalance/");
        assertEquals(502, r.statusCode());
        JsonNode body = JSON.readTree(r.body());
        assertEquals("leader_unreachable", body.get("error").asText());
        assertEquals("proxy-2:99", body.get("leader").asText());
    }

    /** The leader's admin port, as far as the forwarding can tell. */
    private static final class Captured extends HttpServlet {
        private static final long serialVersionUID = 1L;
        volatile String request;
        volatile String authorization;
        volatile String forwardedBy;

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            request = req.getMethod() + " " + req.getRequestURI()
                    + (req.getQueryString() == null ? "" : "?" + req.getQueryString());
            authorization = req.getHeader("Authorization");
            forwardedBy = req.getHeader(LeaderForwarding.HEADER);
            resp.setStatus(202);
            resp.setHeader("Retry-After", "7");
            resp.setContentType("application/json");
            resp.getWriter().write("{\"moved\":3}");
        }
    }

    @Test
    void notReadyIs503WithRetryAfter() throws Exception {
        answer.set(RebalanceResult.refused(Outcome.NOT_READY, "proxy-1:7", "the view is not in sync with etcd"));
        HttpResponse<String> r = server.send("POST", "/rebalance/");
        assertEquals(503, r.statusCode());
        assertEquals(Optional.of(RebalanceServlet.RETRY_AFTER_SECONDS), r.headers().firstValue("Retry-After"));
        assertEquals("not_ready", JSON.readTree(r.body()).get("error").asText());
    }

    @Test
    void aFailedRunIs500WithItsError() throws Exception {
        answer.set(RebalanceResult.refused(Outcome.FAILED, "proxy-1:7", "strategy 'x' failed: boom"));
        HttpResponse<String> r = server.send("POST", "/rebalance/");
        assertEquals(500, r.statusCode());
        JsonNode body = JSON.readTree(r.body());
        assertEquals("rebalance_failed", body.get("error").asText());
        assertEquals("strategy 'x' failed: boom", body.get("message").asText());
    }

    @Test
    void otherMethodsAre405AndDoNotRebalance() throws Exception {
        HttpResponse<String> r = server.send("GET", "/rebalance/");
        assertEquals(405, r.statusCode());
        assertEquals(Optional.of("POST"), r.headers().firstValue("Allow"));
        assertEquals("method_not_allowed", JSON.readTree(r.body()).get("error").asText());
        assertEquals(null, called.get());
    }
}
