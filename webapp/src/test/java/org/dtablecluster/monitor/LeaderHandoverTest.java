package org.dtablecluster.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etcd.jetcd.Client;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.dtablecluster.admin.RebalanceServlet;
import org.dtablecluster.etcd.EtcdClients;
import org.dtablecluster.etcd.Keyspace;
import org.dtablecluster.testing.EtcdClusterExtension;
import org.dtablecluster.testing.Poll;
import org.dtablecluster.testing.RebalanceServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two monitors on a real etcd, each with its admin port: {@code POST /rebalance/} on the one that
 * does not lead is answered by the leader; a leader that stops resigns, and the other leads at
 * once rather than after the election TTL.
 */
class LeaderHandoverTest {

    @RegisterExtension
    static final EtcdClusterExtension etcd = EtcdClusterExtension.builder().build();

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aProxyThatDoesNotLeadForwardsRebalanceToTheLeader() throws Exception {
        etcd.deleteAllKeys();
        try (Client client = EtcdClients.create(etcd.settings(""));
                FakeNodes nodes = new FakeNodes(client, Keyspace.root());
                Admin admin1 = new Admin();
                Admin admin2 = new Admin();
                MonitorFixture first = MonitorFixture.start(etcd, "monitor-1", settings(),
                        b -> b.adminUrl(admin1.server.base().toString()))) {
            admin1.serve(first.monitor);
            nodes.register("dtable-server-01", 5);
            Poll.until(WAIT, first.monitor::isLeader, "the first monitor leads");
            Poll.until(WAIT, () -> nodes.assignment().isComplete(), "assigned by the leader");
            try (MonitorFixture second = MonitorFixture.start(etcd, "monitor-2", settings(),
                    b -> b.adminUrl(admin2.server.base().toString()))) {
                admin2.serve(second.monitor);
                Poll.until(WAIT, () -> second.monitor.leader().flatMap(LeaderInfo::adminUrl).isPresent(),
                        "the follower knows the leader's admin URL");
                assertEquals(Optional.of(admin1.server.base().toString()),
                        second.monitor.leader().flatMap(LeaderInfo::adminUrl));
                nodes.register("dtable-server-02", 5);
                Poll.until(WAIT, () -> second.view.current().liveNodes().size() == 2, "the follower sees both");

                HttpResponse<String> r = admin2.server.send("POST", "/rebalance/");

                assertEquals(200, r.statusCode(), r.body());
                JsonNode body = JSON.readTree(r.body());
                assertEquals("monitor-1", body.get("leader").asText(), "the leader answered");
                assertEquals(Optional.of("monitor-1"), r.headers().firstValue("X-Dtable-Cluster-Leader"));
                Poll.until(WAIT, () -> nodes.assignment().bucketCounts().getOrDefault("dtable-server-02", 0) == 128,
                        () -> "balanced by the leader: " + nodes.assignment().bucketCounts());
                assertTrue(second.monitor.recentRuns().stream().noneMatch(RunRecord::wrote), "the follower wrote nothing");

                // a drain asked of the follower is the leader's to carry out, and answered by it
                HttpResponse<String> drain = admin2.server.send("POST", "/nodes/dtable-server-02/drain");
                assertEquals(200, drain.statusCode(), drain.body());
                assertEquals(Optional.of("monitor-1"), drain.headers().firstValue("X-Dtable-Cluster-Leader"));
                Poll.until(WAIT, () -> nodes.assignment().bucketCounts().getOrDefault("dtable-server-02", 0) == 0,
                        () -> "drained by the leader: " + nodes.assignment().bucketCounts());
                assertTrue(second.monitor.recentRuns().stream().noneMatch(RunRecord::wrote), "the follower wrote nothing");
            }
        }
    }

    @Test
    void aLeaderThatStopsResignsAndTheOtherLeadsAtOnce() throws Exception {
        etcd.deleteAllKeys();
        MonitorFixture second = null;
        try (MonitorFixture first = MonitorFixture.start(etcd, "monitor-1", settings())) {
            Poll.until(WAIT, first.monitor::isLeader, "the first monitor leads");
            second = MonitorFixture.start(etcd, "monitor-2", settings());
            MonitorFixture follower = second;
            Poll.until(WAIT, () -> follower.monitor.leaderId().equals(Optional.of("monitor-1")), "the second follows");

            long t0 = System.nanoTime();
            first.monitor.close();
            Poll.until(WAIT, follower.monitor::isLeader, "the second monitor leads");
            Duration handover = Duration.ofNanos(System.nanoTime() - t0);

            System.out.printf("graceful leader stop: the other monitor led after %d ms (election TTL %d s)%n",
                    handover.toMillis(), settings().electionTtl().toSeconds());
            assertTrue(handover.compareTo(settings().electionTtl()) < 0,
                    "handed over by resigning, not by the lease expiring: " + handover);
        } finally {
            if (second != null) {
                second.close();
            }
        }
    }

    private static org.dtablecluster.config.MonitorSettings settings() {
        return MonitorFixture.settings(Duration.ZERO).withAutoRebalance(false, Duration.ZERO, 64);
    }

    /** An admin port whose servlet is set once the monitor exists (the monitor needs the port's URL). */
    private static final class Admin extends HttpServlet implements AutoCloseable {
        private static final long serialVersionUID = 1L;
        final transient RebalanceServer server;
        private volatile transient RebalanceServlet servlet;
        private volatile transient org.dtablecluster.admin.OperatorServlet operator;

        Admin() throws Exception {
            server = new RebalanceServer(this, "/rebalance/*", "/nodes/*");
        }

        void serve(Monitor monitor) throws ServletException {
            RebalanceServlet s = new RebalanceServlet(monitor);
            s.init(getServletConfig());
            org.dtablecluster.admin.OperatorServlet o = new org.dtablecluster.admin.OperatorServlet(monitor);
            o.init(getServletConfig());
            operator = o;
            servlet = s;
        }

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
            if (req.getRequestURI().startsWith("/nodes/")) {
                operator.service((jakarta.servlet.ServletRequest) req, (jakarta.servlet.ServletResponse) resp);
                return;
            }
            servlet.service(req, resp);
        }

        @Override
        public void close() {
            server.close();
        }
    }
}
