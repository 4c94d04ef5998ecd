package org.dtablecluster.tunnel;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import java.util.EnumSet;
import org.dtablecluster.config.ProxySettings;
import org.dtablecluster.config.TunnelSettings;
import org.dtablecluster.proxy.ProxyMetrics;
import org.dtablecluster.proxy.TunnelClosure;
import org.dtablecluster.view.ClusterView;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServerContainer;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running tunnels: the WebSocket client to the owners, the registry, the view subscription. */
final class TunnelService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TunnelService.class);

    private final WebSocketClient client;
    private final TunnelRegistry registry;
    private final AutoCloseable subscription;

    private TunnelService(WebSocketClient client, TunnelRegistry registry, AutoCloseable subscription) {
        this.client = client;
        this.registry = registry;
        this.subscription = subscription;
    }

    static TunnelService install(ServletContext context, String proxyServlet, ClusterView view, TunnelSettings settings,
            ProxySettings proxy, ProxyMetrics metrics) throws Exception {
        JettyWebSocketServerContainer container = JettyWebSocketServerContainer.ensureContainer(context);
        WebSocketClient client = new WebSocketClient();
        client.setIdleTimeout(settings.idleTimeout());
        client.setConnectTimeout(settings.handshakeTimeout().toMillis());
        client.setMaxFrameSize(settings.maxMessageBytes());
        client.setMaxTextMessageSize(settings.maxMessageBytes());
        client.setMaxBinaryMessageSize(settings.maxMessageBytes());
        client.setStopAtShutdown(false);
        container.setIdleTimeout(settings.idleTimeout());
        container.setMaxFrameSize(settings.maxMessageBytes());
        container.setMaxTextMessageSize(settings.maxMessageBytes());
        container.setMaxBinaryMessageSize(settings.maxMessageBytes());
        client.start();
        TunnelRegistry registry = new TunnelRegistry(settings.maxTunnels(), metrics.tunnels(), view::current);
        AutoCloseable subscription = view.subscribe(registry::sweep);
        long retryAfter = (proxy.retryAfter().toMillis() + 999) / 1000;
        TunnelOpener opener = new TunnelOpener(view, settings, retryAfter, metrics, registry, client, container);
        FilterRegistration.Dynamic filter = context.addFilter("websocket-tunnels", new TunnelFilter(opener));
        filter.setAsyncSupported(true);
        filter.addMappingForServletNames(EnumSet.of(DispatcherType.REQUEST, DispatcherType.FORWARD), true, proxyServlet);
        LOG.info("WebSocket tunnels on the proxy port: idle timeout {} s, max message {} bytes, max {} tunnels",
                settings.idleTimeout().toSeconds(), settings.maxMessageBytes(), settings.maxTunnels());
        return new TunnelService(client, registry, subscription);
    }

    TunnelRegistry registry() {
        return registry;
    }

    @Override
    public void close() throws Exception {
        try {
            subscription.close();
            registry.closeAll(TunnelClosure.PROXY_STOPPING);
        } finally {
            client.stop();
        }
    }
}
