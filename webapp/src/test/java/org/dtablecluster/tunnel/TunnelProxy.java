package org.dtablecluster.tunnel;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.net.URI;
import java.util.EnumSet;
import org.dtablecluster.config.ProxySettings;
import org.dtablecluster.config.TunnelSettings;
import org.dtablecluster.proxy.BucketProxyServlet;
import org.dtablecluster.proxy.PortRoleFilter;
import org.dtablecluster.proxy.ProxyMetrics;
import org.dtablecluster.view.ClusterView;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.websocket.server.config.JettyWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** The proxy port as the WAR wires it: port filter, proxy servlet, and the tunnels in front of it. */
final class TunnelProxy implements AutoCloseable {

    private final Server server;
    private final ServerConnector proxyConnector;
    private final ProxyMetrics metrics = new ProxyMetrics();
    private WebSocketTunnels tunnels;

    TunnelProxy(ClusterView view, ProxySettings proxy, TunnelSettings settings) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(64, 2);
        threads.setName("tunnel-proxy");
        server = new Server(threads);
        proxyConnector = connector();
        ServerConnector adminConnector = connector();
        ServletContextHandler context = new ServletContextHandler("/");
        JettyWebSocketServletContainerInitializer.configure(context, null);
        ServletHolder servlet = new ServletHolder(PortRoleFilter.DEFAULT_PROXY_SERVLET, new BucketProxyServlet(view, proxy, metrics));
        servlet.setAsyncSupported(true);
        servlet.setInitOrder(1);
        context.addServlet(servlet, "/*");
        FilterHolder ports = new FilterHolder(PortRoleFilter.class);
        ports.setAsyncSupported(true);
        ports.setInitParameter(PortRoleFilter.PROXY_PORT, Integer.toString(proxyConnector.getLocalPort()));
        ports.setInitParameter(PortRoleFilter.ADMIN_PORT, Integer.toString(adminConnector.getLocalPort()));
        context.addFilter(ports, "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addEventListener(new ServletContextListener() {
            @Override
            public void contextInitialized(ServletContextEvent event) {
                tunnels = WebSocketTunnels.install(event.getServletContext(), PortRoleFilter.DEFAULT_PROXY_SERVLET,
                        view, settings, proxy, metrics);
            }
        });
        server.setHandler(context);
        server.setStopTimeout(0);
        server.start();
    }

    private ServerConnector connector() throws Exception {
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        connector.open();
        server.addConnector(connector);
        return connector;
    }

    URI ws(String pathAndQuery) {
        return URI.create("ws://127.0.0.1:" + proxyConnector.getLocalPort() + pathAndQuery);
    }

    URI http(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + proxyConnector.getLocalPort() + pathAndQuery);
    }

    int port() {
        return proxyConnector.getLocalPort();
    }

    ProxyMetrics metrics() {
        return metrics;
    }

    WebSocketTunnels tunnels() {
        return tunnels;
    }

    @Override
    public void close() throws Exception {
        if (tunnels != null) {
            tunnels.close();
        }
        server.stop();
    }
}
