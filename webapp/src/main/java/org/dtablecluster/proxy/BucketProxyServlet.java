package org.dtablecluster.proxy;

import static java.util.Objects.requireNonNull;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ListIterator;
import java.util.Map;
import org.dtablecluster.BodyDrain;
import org.dtablecluster.config.ProxySettings;
import org.dtablecluster.metrics.ProxyRequests;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.view.ClusterView;
import org.dtablecluster.view.NodeEntry;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.ee10.proxy.AsyncProxyServlet;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.Callback;

/**
 * The proxy role: forwards each request to the {@code local_node_url} of the dtable-server that
 * owns the request's base (see {@link Router}), or to any live node when it names none.
 *
 * <p>Why {@link AsyncProxyServlet}: both it and {@code ProxyServlet} stream bodies chunk by chunk
 * (neither holds a 50 MB upload or download), but {@code ProxyServlet} reads the client's upload
 * with a blocking {@code InputStream} and writes downloads with blocking writes, so every slow
 * client pins a server thread for the whole transfer. The async variant uses servlet non-blocking
 * I/O with back-pressure in both directions.
 *
 * <p>Collaborators come from the constructor: the WAR's start-up listener registers the servlet
 * with the {@link ClusterView}, the {@link ProxySettings} and the {@link ProxyMetrics}.
 *
 * <p>Init parameters, parsed once by Jetty's {@code AbstractProxyServlet}: {@code maxThreads}
 * (default: the server's thread pool), {@code maxConnections} (256 per node), {@code idleTimeout}
 * (30000 ms; it also bounds how long a node may stay silent mid-exchange), {@code selectors} (1),
 * {@code requestBufferSize}, {@code responseBufferSize}, {@code preserveHost} (false: the node
 * sees its own host in {@code Host}; the client's is in {@code X-Forwarded-Host}),
 * {@code hostHeader}, {@code viaHost}. Jetty's {@code timeout} is replaced by
 * {@link ProxySettings#timeout()} (zero: no limit). {@code whiteList}/{@code blackList} are
 * pointless here: targets come from etcd, not from clients.
 *
 * <p>Errors the proxy answers itself are JSON, {@code {"error": code, "message": text, ...}}; see
 * {@link ProxyError}. A 503 carries {@code Retry-After} ({@link ProxySettings#retryAfter()}).
 * A dtable-server's own error answers pass through unchanged.
 *
 * <p>Headers: hop-by-hop headers are dropped both ways (Jetty). The client's own
 * {@code Forwarded}, {@code X-Forwarded-*} and {@code X-Real-IP} are dropped; the proxy then adds
 * {@code Forwarded}, {@code X-Forwarded-For}, {@code -Proto}, {@code -Host} describing the
 * connection it received, and {@code Via}. WebSocket upgrades never reach this servlet: the
 * tunnel filter in front of it ({@code org.dtablecluster.tunnel}) takes them.
 */
public class BucketProxyServlet extends AsyncProxyServlet {

    private static final String FAILURE_ATTRIBUTE = BucketProxyServlet.class.getName() + ".failure";
    private static final String TARGET_ATTRIBUTE = BucketProxyServlet.class.getName() + ".target";
    private static final String CLIENT_FAILED_ATTRIBUTE = BucketProxyServlet.class.getName() + ".clientFailed";
    private static final String CONTENT_STARTED_ATTRIBUTE = BucketProxyServlet.class.getName() + ".contentStarted";

    private final Router router = new Router();
    private final ClusterView view;
    private final ProxySettings settings;
    private final ProxyMetrics metrics;

    /** For programmatic registration ({@code ServletContext.addServlet}). */
    public BucketProxyServlet(ClusterView view, ProxySettings settings, ProxyMetrics metrics) {
        this.view = requireNonNull(view, "view is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
    }

    @Override
    public void init() throws ServletException {
        super.init();
        setTimeout(settings.timeout().toMillis());
    }

    public ProxyMetrics metrics() {
        return metrics;
    }

    @Override
    protected String rewriteTarget(HttpServletRequest request) {
        String path = pathInContext(request);
        String query = request.getQueryString();
        RouteDecision decision = router.route(path, query, request.getHeader("Authorization"), view.current());
        if (decision instanceof RouteDecision.ToOwner owner) {
            return forwardTo(request, owner.node(), owner.bucket(), owner.path(), query);
        }
        if (decision instanceof RouteDecision.ToAnyNode any) {
            return forwardTo(request, any.node(), -1, any.path(), query);
        }
        request.setAttribute(FAILURE_ATTRIBUTE, ProxyFailure.of(decision));
        return null;
    }

    private String forwardTo(HttpServletRequest request, NodeEntry node, int bucket, String path, String query) {
        String url;
        try {
            url = TargetUrls.join(node.localNodeUrl(), path, query);
        } catch (IllegalArgumentException e) {
            request.setAttribute(FAILURE_ATTRIBUTE,
                    new ProxyFailure(ProxyError.OWNER_ERROR, e.getMessage(), ProxyFailure.fields(node, bucket)));
            return null;
        }
        request.setAttribute(TARGET_ATTRIBUTE, new Target(node, bucket));
        metrics.forwarded(node.nodeId());
        ProxyRequests.forwardedTo(request, node.nodeId());
        return url;
    }

    @Override
    protected void onProxyRewriteFailed(HttpServletRequest request, HttpServletResponse response) {
        ProxyFailure failure = (ProxyFailure) request.getAttribute(FAILURE_ATTRIBUTE);
        if (failure == null) {
            failure = new ProxyFailure(ProxyError.OWNER_ERROR, "no route for this request", Map.of());
        }
        metrics.error(failure.kind());
        if (_log.isDebugEnabled()) {
            _log.debug("[{} {}] {}: {}", request.getMethod(), request.getRequestURI(), failure.kind().code(), failure.message());
        }
        ProxyFailure answer = failure;
        BodyDrain.thenAnswer(request, response, r -> send(r, answer));
    }

    @Override
    protected void copyRequestHeaders(HttpServletRequest clientRequest, Request proxyRequest) {
        super.copyRequestHeaders(clientRequest, proxyRequest);
        // One pass over the copied headers, not one per claim header name.
        proxyRequest.headers(headers -> {
            for (ListIterator<HttpField> i = headers.listIterator(); i.hasNext(); ) {
                if (ForwardingHeaders.CLIENT_CLAIMS_LOWER_CASE.contains(i.next().getLowerCaseName())) {
                    i.remove();
                }
            }
        });
    }

    @Override
    protected void addForwardedHeader(HttpServletRequest clientRequest, Request proxyRequest) {
        String host = clientRequest.getHeader("Host");
        String scheme = clientRequest.getScheme();
        String forwarded = ForwardingHeaders.forwarded(
                clientRequest.getLocalAddr(), clientRequest.getRemoteAddr(), host, scheme);
        String forwardedFor = ForwardingHeaders.xForwardedFor(clientRequest.getRemoteAddr());
        proxyRequest.headers(headers -> {
            headers.put(HttpHeader.FORWARDED, forwarded);
            headers.put(HttpHeader.X_FORWARDED_FOR, forwardedFor);
            headers.put(HttpHeader.X_FORWARDED_PROTO, scheme);
            if (host != null) {
                headers.put(HttpHeader.X_FORWARDED_HOST, host);
            }
        });
    }

    @Override
    protected void onClientRequestFailure(
            HttpServletRequest clientRequest, Request proxyRequest, HttpServletResponse proxyResponse, Throwable failure) {
        clientRequest.setAttribute(CLIENT_FAILED_ATTRIBUTE, Boolean.TRUE);
        metrics.clientAborted();
        super.onClientRequestFailure(clientRequest, proxyRequest, proxyResponse, failure);
    }

    @Override
    protected void onResponseContent(HttpServletRequest request, HttpServletResponse response, Response proxyResponse,
            byte[] buffer, int offset, int length, Callback callback) {
        if (request.getAttribute(CONTENT_STARTED_ATTRIBUTE) == null) {
            request.setAttribute(CONTENT_STARTED_ATTRIBUTE, Boolean.TRUE);
        }
        super.onResponseContent(request, response, proxyResponse, buffer, offset, length, callback);
    }

    @Override
    protected void onProxyResponseFailure(
            HttpServletRequest request, HttpServletResponse response, Response serverResponse, Throwable failure) {
        if (request.getAttribute(CLIENT_FAILED_ATTRIBUTE) != null) {
            super.onProxyResponseFailure(request, response, serverResponse, failure);
            return;
        }
        ProxyError kind = UpstreamFailures.classify(failure);
        metrics.error(kind);
        Target target = (Target) request.getAttribute(TARGET_ATTRIBUTE);
        _log.warn("[node={} bucket={}] {} {}: {} ({})", target.node().nodeId(), target.bucketText(),
                request.getMethod(), request.getRequestURI(), kind.code(), brief(failure));
        // Once body bytes went to the client, only cutting the connection tells it the answer is
        // broken; Jetty does that. Before, the client gets a proper JSON error.
        if (response.isCommitted() || request.getAttribute(CONTENT_STARTED_ATTRIBUTE) != null) {
            super.onProxyResponseFailure(request, response, serverResponse, failure);
            return;
        }
        try {
            response.reset();
            response.setHeader("Connection", "close");
            send(response, new ProxyFailure(kind, message(kind, target), ProxyFailure.fields(target.node(), target.bucket())));
        } catch (IOException | IllegalStateException e) {
            _log.debug("[node={}] could not send the error answer", target.node().nodeId(), e);
        } finally {
            if (request.isAsyncStarted()) {
                request.getAsyncContext().complete();
            }
        }
    }

    private String message(ProxyError kind, Target target) {
        String node = target.node().nodeId() + " at " + target.node().localNodeUrl();
        return switch (kind) {
            case OWNER_TIMEOUT -> node + " did not answer within " + getTimeout() + " ms";
            case OWNER_REFUSED -> node + " refused or dropped the connection";
            default -> node + " failed to answer";
        };
    }

    private void send(HttpServletResponse response, ProxyFailure failure) throws IOException {
        if (failure.kind().status() == 503) {
            long millis = settings.retryAfter().toMillis();
            response.setHeader("Retry-After", Long.toString((millis + 999) / 1000));
        }
        JsonErrors.send(response, failure.kind().status(), failure.kind().code(), failure.message(), failure.fields());
    }

    /** Jetty's failure messages dump whole connection states; the class and a line are enough. */
    private static String brief(Throwable failure) {
        String text = String.valueOf(failure);
        return text.length() > 160 ? text.substring(0, 160) + "..." : text;
    }

    private static String pathInContext(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String contextPath = request.getContextPath();
        return contextPath.isEmpty() ? uri : uri.substring(contextPath.length());
    }

    /** A plain ServletException, not UnavailableException: Jetty then fails the start instead of
     *  starting with a servlet that answers 503 forever. */

    /** The node a request was sent to, and the bucket it named (-1: none), for errors and logs. */
    private record Target(NodeEntry node, int bucket) {
        String bucketText() {
            return bucket < 0 ? "-" : Assignment.hex(bucket);
        }
    }
}
