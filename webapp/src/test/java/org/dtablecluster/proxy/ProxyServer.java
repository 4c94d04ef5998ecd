package org.dtablecluster.proxy;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import org.dtablecluster.config.HandoffSettings;
import org.dtablecluster.config.ProxySettings;
import org.dtablecluster.view.ClusterView;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The proxy process in miniature: a real Jetty with a proxy connector, an admin connector and a
 * third one that is neither, the proxy servlet and the port filter wired as the WAR will wire
 * them.
 */
final class ProxyServer implements AutoCloseable {

    private final Server server;
    private final ServerConnector proxyConnector;
    private final ServerConnector adminConnector;
    private final ServerConnector otherConnector;
    private final ServletContextHandler context;
    private final ProxyMetrics metrics = new ProxyMetrics();

    private ProxyServer(ClusterView view, ProxySettings settings, HandoffSettings handoff,
            Map<String, HttpServlet> adminServlets, Map<String, String> filterParams) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(64, 2);
        threads.setName("proxy");
        threads.setStopTimeout(0);
        server = new Server(threads);
        proxyConnector = connector();
        adminConnector = connector();
        otherConnector = connector();
        context = new ServletContextHandler("/");
        ServletHolder proxy = new ServletHolder(PortRoleFilter.DEFAULT_PROXY_SERVLET,
                new BucketProxyServlet(view, settings, handoff, metrics));
        proxy.setAsyncSupported(true);
        proxy.setInitOrder(1);
        context.addServlet(proxy, "/*");
        adminServlets.forEach((mapping, servlet) -> context.addServlet(new ServletHolder(servlet), mapping));

        FilterHolder ports = new FilterHolder(PortRoleFilter.class);
        ports.setAsyncSupported(true);
        ports.setInitParameter(PortRoleFilter.PROXY_PORT, Integer.toString(proxyConnector.getLocalPort()));
        ports.setInitParameter(PortRoleFilter.ADMIN_PORT, Integer.toString(adminConnector.getLocalPort()));
        filterParams.forEach(ports::setInitParameter);
        context.addFilter(ports, "/*", EnumSet.of(DispatcherType.REQUEST));
        server.setHandler(context);
        server.setStopTimeout(0);
    }

    static ProxyServer start(ClusterView view, ProxySettings settings) throws Exception {
        return start(view, settings, Map.of());
    }

    static ProxyServer start(ClusterView view, ProxySettings settings, HandoffSettings handoff) throws Exception {
        return start(view, settings, handoff, Map.of(), Map.of());
    }

    /**
     * The default handoff settings but for the hold timeout, the largest body kept for a retry and
     * no best-effort wait after a move (the test nodes register without the handoff capability).
     */
    static HandoffSettings handoff(Duration holdTimeout, int retryBodyMaxBytes) {
        return handoff(holdTimeout, retryBodyMaxBytes, Duration.ZERO, HandoffSettings.DEFAULT_HOLD_MAX_REQUESTS);
    }

    static HandoffSettings handoff(Duration holdTimeout, int retryBodyMaxBytes, Duration legacyRelease, int holdMax) {
        HandoffSettings d = HandoffSettings.defaults();
        return new HandoffSettings(d.leaseTtl(), d.fenceMargin(), d.handoffTimeout(), d.maxConcurrentHandoffs(),
                d.hookResync(), legacyRelease, holdMax, holdTimeout, retryBodyMaxBytes);
    }

    static ProxyServer start(ClusterView view, ProxySettings settings, Map<String, HttpServlet> adminServlets) throws Exception {
        return start(view, settings, adminServlets, Map.of());
    }

    /** Starts a server as configured; a start failure is thrown, after stopping what started. */
    /** Held requests wait 1 s here, so that tests of a bucket without an owner stay short. */
    static ProxyServer start(ClusterView view, ProxySettings settings, Map<String, HttpServlet> adminServlets,
            Map<String, String> filterParams) throws Exception {
        return start(view, settings, handoff(Duration.ofSeconds(1), HandoffSettings.DEFAULT_RETRY_BODY_MAX_BYTES),
                adminServlets, filterParams);
    }

    static ProxyServer start(ClusterView view, ProxySettings settings, HandoffSettings handoff,
            Map<String, HttpServlet> adminServlets, Map<String, String> filterParams) throws Exception {
        ProxyServer proxy = new ProxyServer(view, settings, handoff, adminServlets, filterParams);
        try {
            proxy.server.start();
            if (!proxy.context.isAvailable()) {
                throw new IllegalStateException("context did not start");
            }
        } catch (Exception e) {
            proxy.close();
            throw e;
        }
        return proxy;
    }

    private ServerConnector connector() throws Exception {
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        // Bound now, so the port filter can be told the real ports before it starts.
        connector.open();
        server.addConnector(connector);
        return connector;
    }

    URI proxyUri() {
        return URI.create("http://127.0.0.1:" + proxyConnector.getLocalPort() + "/");
    }

    URI adminUri() {
        return URI.create("http://127.0.0.1:" + adminConnector.getLocalPort() + "/");
    }

    URI otherUri() {
        return URI.create("http://127.0.0.1:" + otherConnector.getLocalPort() + "/");
    }

    ProxyMetrics metrics() {
        return metrics;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
