package org.dtablecluster.proxy;

import static org.dtablecluster.proxy.Http.get;
import static org.dtablecluster.proxy.Http.json;
import static org.dtablecluster.proxy.Http.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.dtablecluster.config.ProxySettings;
import org.dtablecluster.simulator.DtableServerSimulator;
import org.dtablecluster.view.InMemoryClusterView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Proxy traffic only on the proxy port, admin paths only on the admin port. */
class PortRoleFilterTest {

    private static final String BASE = "8b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";
    private static final ProxySettings SETTINGS = new ProxySettings(Duration.ofSeconds(10), Duration.ofSeconds(5));

    private static DtableServerSimulator sim;
    private static InMemoryClusterView view;
    private static ProxyServer server;

    /** Stands in for the admin endpoints, which come later. */
    static final class AdminServlet extends HttpServlet {
        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain");
            response.getWriter().print("admin " + request.getRequestURI());
        }
    }

    @BeforeAll
    static void start() throws Exception {
        sim = DtableServerSimulator.start("dtable-server-01");
        view = new InMemoryClusterView(Snapshots.of(1, Map.of("dtable-server-01", sim.uri()), b -> "dtable-server-01"));
        server = ProxyServer.start(view, SETTINGS, Map.of(
                "/rebalance/", new AdminServlet(),
                "/jolokia/*", new AdminServlet()));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        sim.close();
    }

    @Test
    void adminPathsOnTheProxyPortGoToTheDtableServer() throws Exception {
        for (String path : new String[] {"/rebalance/", "/jolokia/read/java.lang:type=Memory"}) {
            HttpResponse<String> response = get(server.proxyUri(), path);
            assertEquals("dtable-server-01", node(response), path);
            assertEquals(path, json(response).get("path").asText());
        }
    }

    @Test
    void proxyTrafficOnTheProxyPortIsProxied() throws Exception {
        HttpResponse<String> response = get(server.proxyUri(), "/dtables/" + BASE);
        assertEquals(200, response.statusCode());
        assertEquals("dtable-server-01", node(response));
    }

    @Test
    void adminPathsAnswerOnTheAdminPort() throws Exception {
        HttpResponse<String> response = get(server.adminUri(), "/rebalance/");
        assertEquals(200, response.statusCode());
        assertEquals("admin /rebalance/", response.body());
        assertEquals("admin /jolokia/list", get(server.adminUri(), "/jolokia/list").body());
    }

    @Test
    void proxyTrafficOnTheAdminPortIsRefused() throws Exception {
        long before = sim.requestCount();
        for (String path : new String[] {"/dtables/" + BASE, "/ping/", "/"}) {
            HttpResponse<String> response = get(server.adminUri(), path);
            assertEquals(404, response.statusCode(), path);
            assertEquals("not_found", json(response).get("error").asText());
            assertNull(node(response));
        }
        assertEquals(before, sim.requestCount(), "nothing may reach a dtable-server through the admin port");
    }

    @Test
    void aPortThatIsNeitherIsRefused() throws Exception {
        URI other = server.otherUri();
        for (String path : new String[] {"/rebalance/", "/dtables/" + BASE}) {
            HttpResponse<String> response = get(other, path);
            assertEquals(404, response.statusCode());
            assertEquals("unknown_port", json(response).get("error").asText());
        }
    }

    @Test
    void samePortsForBothRolesStopTheStart() {
        Exception e = assertThrows(Exception.class, () -> ProxyServer.start(view, SETTINGS, Map.of(),
                Map.of(PortRoleFilter.PROXY_PORT, "5550", PortRoleFilter.ADMIN_PORT, "5550")));
        assertTrue(causes(e).contains(PortRoleFilter.ADMIN_PORT), causes(e));
    }

    @Test
    void aBadPortValueStopsTheStart() {
        Exception e = assertThrows(Exception.class, () -> ProxyServer.start(view, SETTINGS, Map.of(),
                Map.of(PortRoleFilter.PROXY_PORT, "http")));
        assertTrue(causes(e).contains(PortRoleFilter.PROXY_PORT + " must be a port"), causes(e));
    }

    @Test
    void anUnknownProxyServletNameStopsTheStart() {
        Exception e = assertThrows(Exception.class, () -> ProxyServer.start(view, SETTINGS, Map.of(),
                Map.of(PortRoleFilter.PROXY_SERVLET, "no-such-servlet")));
        assertTrue(causes(e).contains("no-such-servlet"), causes(e));
    }

    @Test
    void aMissingClusterViewIsRefusedNamingIt() {
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> new BucketProxyServlet(null, SETTINGS, new ProxyMetrics()));
        assertEquals("view is null", e.getMessage());
    }

    private static String causes(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c).append(" | ");
            for (Throwable s : c.getSuppressed()) {
                all.append(causes(s));
            }
        }
        return all.toString();
    }
}
