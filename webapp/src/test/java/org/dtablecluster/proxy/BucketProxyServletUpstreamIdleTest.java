package org.dtablecluster.proxy;

import static org.dtablecluster.proxy.Http.request;
import static org.dtablecluster.proxy.Http.send;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.dtablecluster.config.ProxySettings;
import org.dtablecluster.view.InMemoryClusterView;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The proxy closes a kept-alive connection to a node once it has been unused for
 * {@code proxy_upstream_idle_seconds}, before a server with a longer keep-alive would, and only
 * an unused one: a node that takes longer than that to answer is still waited for.
 */
class BucketProxyServletUpstreamIdleTest {

    private static final String PATH = "/api/v1/dtables/5a000000-1111-2222-3333-444444444444/rows/";

    private final Server backend = new Server();
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();
    private ProxyServer proxy;

    @BeforeEach
    void startBackend() throws Exception {
        ServerConnector connector = new ServerConnector(backend);
        connector.setHost("127.0.0.1");
        connector.setIdleTimeout(60_000);
        connector.addEventListener(new Connection.Listener() {
            @Override
            public void onOpened(Connection connection) {
                opened.incrementAndGet();
            }

            @Override
            public void onClosed(Connection connection) {
                closed.incrementAndGet();
            }
        });
        backend.addConnector(connector);
        backend.setHandler(new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String slow = Request.getParameters(request).getValue("sleep_ms");
                if (slow != null) {
                    Thread.sleep(Long.parseLong(slow));
                }
                response.setStatus(200);
                callback.succeeded();
                return true;
            }
        });
        backend.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        backend.stop();
    }

    private URI startProxy(Duration upstreamIdle) throws Exception {
        URI node = URI.create("http://127.0.0.1:" + ((ServerConnector) backend.getConnectors()[0]).getLocalPort() + "/");
        InMemoryClusterView view = new InMemoryClusterView(Snapshots.of(1, Map.of("dtable-server-01", node), b -> "dtable-server-01"));
        proxy = ProxyServer.start(view, new ProxySettings(Duration.ofSeconds(60), Duration.ofSeconds(5), upstreamIdle));
        return proxy.proxyUri();
    }

    @Test
    void anUnusedConnectionIsClosedAfterTheUpstreamIdleTime() throws Exception {
        URI uri = startProxy(Duration.ofSeconds(1));
        assertEquals(200, send(request(uri, PATH).GET()).statusCode());
        Thread.sleep(2_000);
        assertEquals(1, closed.get(), "the proxy closed the connection it no longer used");
        assertEquals(200, send(request(uri, PATH).GET()).statusCode());
        assertEquals(2, opened.get(), "the second request came on a new connection");
    }

    @Test
    void aConnectionInUseIsKeptForTheNextRequestWithinTheIdleTime() throws Exception {
        URI uri = startProxy(Duration.ofSeconds(30));
        assertEquals(200, send(request(uri, PATH).GET()).statusCode());
        Thread.sleep(1_500);
        assertEquals(200, send(request(uri, PATH).GET()).statusCode());
        assertEquals(1, opened.get(), "one connection, kept alive and reused");
        assertEquals(0, closed.get());
    }

    @Test
    void aNodeSilentForLongerThanTheUpstreamIdleTimeIsStillWaitedFor() throws Exception {
        URI uri = startProxy(Duration.ofSeconds(1));
        HttpResponse<String> slow = send(request(uri, PATH + "?sleep_ms=2500").GET());
        assertEquals(200, slow.statusCode(), slow::body);
    }
}
