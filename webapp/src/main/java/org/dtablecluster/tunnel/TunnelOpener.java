package org.dtablecluster.tunnel;

import static java.util.Objects.requireNonNull;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.dtablecluster.config.TunnelSettings;
import org.dtablecluster.proxy.JsonErrors;
import org.dtablecluster.proxy.ProxyError;
import org.dtablecluster.proxy.ProxyFailure;
import org.dtablecluster.proxy.ProxyMetrics;
import org.dtablecluster.proxy.RouteDecision;
import org.dtablecluster.proxy.Router;
import org.dtablecluster.proxy.TargetUrls;
import org.dtablecluster.proxy.UpstreamFailures;
import org.dtablecluster.view.ClusterSnapshot;
import org.dtablecluster.view.ClusterView;
import org.dtablecluster.view.NodeEntry;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServerContainer;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.exceptions.UpgradeException;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens one tunnel for an upgrade request, or answers it with the proxy's JSON error.
 *
 * <p>Order: route (400, 503); take a place under {@code websocket_max_tunnels} (503); open the
 * owner's WebSocket, waiting up to {@code websocket_handshake_timeout_seconds} on this request's
 * thread (504; 502 when the owner answers anything but 101); only then upgrade the client. So a
 * client is never upgraded to a tunnel that leads nowhere. An owner that answers 421
 * {@code not_owner} has let the bucket go: the request is routed again, once, and goes to the
 * new owner when the view already names one, else gets 503 {@code no_owner}.
 *
 * <p>Extensions are deliberately not negotiated: the client is offered none and the owner is
 * asked for none, so frames pass as they are (no permessage-deflate: on the local network the
 * CPU costs more than the bytes). Subprotocols are negotiated end to end: the client's offer
 * goes to the owner and the owner's choice comes back.
 */
final class TunnelOpener {

    private static final Logger LOG = LoggerFactory.getLogger(TunnelOpener.class);

    private final Router router = new Router();
    private final ClusterView view;
    private final TunnelSettings settings;
    private final long retryAfterSeconds;
    private final ProxyMetrics metrics;
    private final TunnelRegistry registry;
    private final WebSocketClient client;
    private final JettyWebSocketServerContainer container;

    TunnelOpener(ClusterView view, TunnelSettings settings, long retryAfterSeconds, ProxyMetrics metrics,
            TunnelRegistry registry, WebSocketClient client, JettyWebSocketServerContainer container) {
        this.view = requireNonNull(view, "view is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.retryAfterSeconds = retryAfterSeconds;
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.client = requireNonNull(client, "client is null");
        this.container = requireNonNull(container, "container is null");
    }

    void open(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String problem = UpgradeRequests.problem(request);
        if (problem != null) {
            refuse(response, new ProxyFailure(ProxyError.BAD_UPGRADE, problem, Map.of()));
            return;
        }
        if (!registry.tryReserve()) {
            refuse(response, new ProxyFailure(ProxyError.TOO_MANY_TUNNELS, "this proxy holds its maximum of "
                    + settings.maxTunnels() + " WebSocket tunnels (websocket_max_tunnels)", Map.of()));
            return;
        }
        boolean handedOver = false;
        try {
            handedOver = open(request, response, true);
        } finally {
            if (!handedOver) {
                registry.release();
            }
        }
    }

    /** True when a tunnel now holds the reservation. */
    private boolean open(HttpServletRequest request, HttpServletResponse response, boolean mayRetry) throws IOException {
        String path = pathInContext(request);
        String query = request.getQueryString();
        ClusterSnapshot snapshot = view.current();
        RouteDecision decision = router.route(path, query, request.getHeader("Authorization"), snapshot);
        NodeEntry node;
        int bucket;
        if (decision instanceof RouteDecision.ToOwner to && snapshot.moves().moving(to.bucket())) {
            // Held for HTTP; a socket.io client simply reconnects after Retry-After.
            refuse(response, new ProxyFailure(ProxyError.NO_OWNER, "bucket " + org.dtablecluster.spi.Assignment.hex(
                    to.bucket()) + " is changing owner; reconnect", ProxyFailure.fields(null, to.bucket())));
            return false;
        } else if (decision instanceof RouteDecision.ToOwner to) {
            node = to.node();
            bucket = to.bucket();
        } else if (decision instanceof RouteDecision.ToAnyNode any) {
            node = any.node();
            bucket = -1;
        } else {
            refuse(response, ProxyFailure.of(decision));
            return false;
        }
        URI target;
        try {
            target = webSocketUri(TargetUrls.join(node.localNodeUrl(), path, query));
        } catch (IllegalArgumentException e) {
            refuse(response, new ProxyFailure(ProxyError.OWNER_ERROR, e.getMessage(), ProxyFailure.fields(node, bucket)));
            return false;
        }
        Tunnel tunnel = new Tunnel(bucket, node.nodeId(), registry, settings.maxMessageBytes());
        Session owner;
        try {
            owner = connect(tunnel, target, request);
        } catch (OwnerAnswer answer) {
            if (answer.status == 421 && mayRetry) {
                return open(request, response, false);
            }
            refuse(response, answer.failure(node, bucket));
            return false;
        }
        metrics.forwarded(node.nodeId());
        boolean upgraded;
        try {
            upgraded = container.upgrade((upgradeRequest, upgradeResponse) -> {
                upgradeResponse.setExtensions(List.of());
                upgradeResponse.setAcceptedSubProtocol(owner.getUpgradeResponse().getAcceptedSubProtocol());
                owner.getUpgradeResponse().getHeaders().forEach((name, values) -> {
                    if (UpgradeRequests.passesBack(name)) {
                        upgradeResponse.setHeader(name, values);
                    }
                });
                return tunnel.clientSide();
            }, request, response);
        } catch (IOException | RuntimeException e) {
            // Mostly a client gone mid-handshake; the tunnel gives its reservation back.
            LOG.debug("[node={}] client upgrade failed", node.nodeId(), e);
            tunnel.abort("client upgrade failed");
            return true;
        }
        if (!upgraded) {
            tunnel.abort("client upgrade refused");
            if (!response.isCommitted()) {
                refuse(response, new ProxyFailure(ProxyError.BAD_UPGRADE, "not a valid WebSocket upgrade", Map.of()));
            }
        }
        // The tunnel releases its reservation when it ends, aborted or not.
        return true;
    }

    private Session connect(Tunnel tunnel, URI target, HttpServletRequest request) throws OwnerAnswer {
        ClientUpgradeRequest upgrade = new ClientUpgradeRequest();
        upgrade.setHeaders(UpgradeRequests.forOwner(request));
        upgrade.setSubProtocols(UpgradeRequests.subProtocols(request));
        long timeoutMillis = settings.handshakeTimeout().toMillis();
        upgrade.setTimeout(timeoutMillis, TimeUnit.MILLISECONDS);
        CompletableFuture<Session> future;
        try {
            future = client.connect(tunnel.ownerSide(), target, upgrade);
            // A little longer than the request's own timeout, which fails the future more precisely.
            return future.get(timeoutMillis + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OwnerAnswer(ProxyError.OWNER_ERROR, 0, "interrupted while connecting");
        } catch (TimeoutException e) {
            throw new OwnerAnswer(ProxyError.OWNER_TIMEOUT, 0, "did not accept the upgrade within " + timeoutMillis + " ms");
        } catch (ExecutionException | IOException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            int status = statusOf(cause);
            if (status > 0) {
                throw new OwnerAnswer(ProxyError.OWNER_REFUSED, status, "answered the upgrade with HTTP " + status);
            }
            ProxyError kind = UpstreamFailures.classify(cause);
            throw new OwnerAnswer(kind, 0, kind == ProxyError.OWNER_TIMEOUT
                    ? "did not accept the upgrade within " + timeoutMillis + " ms"
                    : "refused or dropped the connection (" + cause.getClass().getSimpleName() + ")");
        }
    }

    private static int statusOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof UpgradeException upgrade && upgrade.getResponseStatusCode() > 0) {
                return upgrade.getResponseStatusCode();
            }
        }
        return 0;
    }

    private void refuse(HttpServletResponse response, ProxyFailure failure) throws IOException {
        metrics.error(failure.kind());
        if (failure.kind().status() == 503) {
            response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
        }
        JsonErrors.send(response, failure.kind().status(), failure.kind().code(), failure.message(), failure.fields());
    }

    static URI webSocketUri(String httpUrl) {
        if (httpUrl.regionMatches(true, 0, "https:", 0, 6)) {
            return URI.create("wss:" + httpUrl.substring(6));
        }
        return URI.create("ws:" + httpUrl.substring(httpUrl.indexOf(':') + 1));
    }

    private static String pathInContext(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String contextPath = request.getContextPath();
        return contextPath.isEmpty() ? uri : uri.substring(contextPath.length());
    }

    /** The owner did not accept the upgrade. */
    private static final class OwnerAnswer extends Exception {
        private final ProxyError kind;
        private final int status;

        OwnerAnswer(ProxyError kind, int status, String message) {
            super(message, null, false, false);
            this.kind = kind;
            this.status = status;
        }

        ProxyFailure failure(NodeEntry node, int bucket) {
            if (status == 421) {
                return new ProxyFailure(ProxyError.NO_OWNER, "bucket " + org.dtablecluster.spi.Assignment.hex(bucket)
                        + " is changing owner; " + node.nodeId() + " no longer serves it", ProxyFailure.fields(node, bucket));
            }
            Map<String, Object> fields = new java.util.LinkedHashMap<>(ProxyFailure.fields(node, bucket));
            if (status > 0) {
                fields.put("owner_status", status);
            }
            LOG.warn("[node={} bucket={}] WebSocket upgrade: {}: {}", node.nodeId(),
                    bucket < 0 ? "-" : org.dtablecluster.spi.Assignment.hex(bucket), kind.code(), getMessage());
            return new ProxyFailure(kind, node.nodeId() + " at " + node.localNodeUrl() + " " + getMessage(), fields);
        }
    }
}
