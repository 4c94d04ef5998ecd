package org.dtablecluster.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.dtablecluster.monitor.LeaderInfo;
import org.dtablecluster.testing.RebalanceServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Jolokia request that runs a leader-only operation of the Monitor MBean, sent to a proxy that
 * does not lead, is answered by the leader's {@code /jolokia/} with the client's credentials;
 * everything else, and everything on the leader, runs where it arrived.
 */
class JolokiaLeaderForwardingTest {

    private static final String DRAIN = """
            {"type": "exec", "mbean": "org.dtablecluster:type=Monitor", "operation": "drain(java.lang.String)",
             "arguments": ["dtable-server-02"]}""";

    private final List<String> atLeader = new CopyOnWriteArrayList<>();
    private final AtomicBoolean leads = new AtomicBoolean(false);
    private RebalanceServer leader;
    private RebalanceServer follower;

    @BeforeEach
    void start() throws Exception {
        leader = new RebalanceServer(new HttpServlet() {
            @Override
            protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                atLeader.add(req.getMethod() + " " + req.getRequestURI() + " auth=" + req.getHeader("Authorization")
                        + " body=" + new String(req.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                answer(resp, "the leader");
            }
        }, "/jolokia/*");
        LeaderForwarding forwarding = new LeaderForwarding(
                () -> Optional.of(LeaderInfo.of("monitor-1", leader.base().toString())), "monitor-2", Duration.ofSeconds(5));
        JolokiaLeaderForwarding filter = new JolokiaLeaderForwarding(leads::get, forwarding);
        // as the admin guard hands requests on: a POST with its body buffered
        follower = new RebalanceServer(new HttpServlet() {
            @Override
            protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                HttpServletRequest in = "POST".equals(req.getMethod()) ? BufferedBodyRequest.read(req) : req;
                try {
                    filter.doFilter(in, resp, (r, s) -> answer((HttpServletResponse) s, "this proxy"));
                } catch (jakarta.servlet.ServletException e) {
                    throw new IOException(e);
                }
            }
        }, "/jolokia/*");
    }

    @AfterEach
    void stop() {
        follower.close();
        leader.close();
    }

    private static void answer(HttpServletResponse resp, String who) throws IOException {
        resp.setContentType("application/json");
        resp.getWriter().write("{\"value\": \"" + who + "\"}");
    }

    @Test
    void aDrainPostedToAFollowerIsAnsweredByTheLeaderWithTheClientsCredentials() throws Exception {
        HttpResponse<String> r = follower.sendJson("POST", "/jolokia/", DRAIN, "Authorization", "Basic YWRtaW46c2VjcmV0");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("the leader"), r.body());
        assertEquals(Optional.of("monitor-1"), r.headers().firstValue("X-Dtable-Cluster-Leader"));
        assertEquals(1, atLeader.size());
        assertTrue(atLeader.get(0).startsWith("POST /jolokia/ auth=Basic YWRtaW46c2VjcmV0 body="), atLeader.get(0));
        assertTrue(atLeader.get(0).contains("\"dtable-server-02\""), "the body arrived whole: " + atLeader.get(0));
    }

    @Test
    void aDrainByGetIsForwardedToo() throws Exception {
        HttpResponse<String> r = follower.send("GET", "/jolokia/exec/org.dtablecluster:type=Monitor/drain/dtable-server-02");
        assertTrue(r.body().contains("the leader"), r.body());
        assertEquals(List.of("GET /jolokia/exec/org.dtablecluster:type=Monitor/drain/dtable-server-02 auth=null body="),
                atLeader);
    }

    @Test
    void readsAndOtherMBeansRunWhereTheyArrive() throws Exception {
        assertTrue(follower.sendJson("POST", "/jolokia/", "{\"type\": \"read\", \"mbean\": \"org.dtablecluster:type=Monitor\"}").body().contains("this proxy"));
        assertTrue(follower.send("GET", "/jolokia/exec/java.lang:type=Memory/gc").body().contains("this proxy"));
        assertTrue(follower.send("GET", "/jolokia/read/org.dtablecluster:type=Monitor/Leader").body().contains("this proxy"));
        assertTrue(atLeader.isEmpty(), atLeader.toString());
    }

    @Test
    void onTheLeaderItRunsThere() throws Exception {
        leads.set(true);
        assertTrue(follower.sendJson("POST", "/jolokia/", DRAIN).body().contains("this proxy"));
        assertTrue(atLeader.isEmpty());
    }
}
