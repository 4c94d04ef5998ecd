package org.dtablecluster.tunnel;

import static java.util.Objects.requireNonNull;

import jakarta.servlet.ServletContext;
import org.dtablecluster.config.ProxySettings;
import org.dtablecluster.config.TunnelSettings;
import org.dtablecluster.proxy.ProxyMetrics;
import org.dtablecluster.proxy.TunnelClosure;
import org.dtablecluster.view.ClusterView;

/**
 * Entry point of the proxy's WebSocket tunnels, for the WAR's start-up. It names no Jetty
 * WebSocket type itself, so that a jetty-base without WebSocket support gets one clear message
 * instead of a {@code NoClassDefFoundError}.
 */
public final class WebSocketTunnels implements AutoCloseable {

    static final String MISSING_MODULES = "WebSocket tunnels need the Jetty modules ee10-websocket-jetty and"
            + " ee10-websocket-jetty-client-webapp in the jetty-base (dtable-cluster's jetty-base enables both)";

    private final TunnelService service;

    private WebSocketTunnels(TunnelService service) {
        this.service = service;
    }

    /**
     * Adds the tunnel filter in front of the servlet {@code proxyServlet} and starts the client
     * that connects to the owners. Call from a context listener, before the context starts.
     *
     * @throws IllegalStateException when the server lacks Jetty's WebSocket support
     */
    public static WebSocketTunnels install(ServletContext context, String proxyServlet, ClusterView view,
            TunnelSettings settings, ProxySettings proxy, ProxyMetrics metrics) {
        requireNonNull(context, "context is null");
        try {
            return new WebSocketTunnels(TunnelService.install(context, proxyServlet, view, settings, proxy, metrics));
        } catch (LinkageError e) {
            throw new IllegalStateException(MISSING_MODULES + ": " + e, e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the WebSocket client for tunnels: " + e.getMessage(), e);
        }
    }

    /**
     * Closes every open tunnel of {@code bucket} with {@code reason}'s close code (1012 for
     * {@link TunnelClosure#BUCKET_MOVED}): for the start of a bucket's handoff.
     *
     * @return how many tunnels were closed
     */
    public int closeBucket(int bucket, TunnelClosure reason) {
        return service.registry().closeBucket(bucket, reason);
    }

    @Override
    public void close() throws Exception {
        service.close();
    }
}
