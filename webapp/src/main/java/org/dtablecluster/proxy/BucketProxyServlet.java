package org.dtablecluster.proxy;

import static java.util.Objects.requireNonNull;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.dtablecluster.config.HandoffSettings;
import org.dtablecluster.config.ProxySettings;
import org.dtablecluster.metrics.ProxyRequests;
import org.dtablecluster.view.ClusterSnapshot;
import org.dtablecluster.view.ClusterView;
import org.dtablecluster.view.NodeEntry;
import org.eclipse.jetty.client.AsyncRequestContent;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.ee10.proxy.AsyncProxyServlet;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.Content;
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
 * (30000 ms: how long a node may stay silent mid-exchange; an unused connection is closed after
 * {@link ProxySettings#upstreamIdle()} instead), {@code selectors} (1),
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
 * <p>Headers: hop-by-hop headers are dropped both ways; {@link ProxyRequestHeaders} replaces the
 * client's forwarding claims by what the proxy saw, Jetty adds {@code Via}, {@link AnswerHeaders}
 * copies the answer's. Small answers are copied without a thread hand-off ({@link SmallAnswers}).
 * WebSocket upgrades never reach this servlet: the tunnel filter in front of it takes them.
 *
 * <p>One owner at a time (OWNERSHIP.md, and this package's summary): the {@link OwnershipGate}
 * forwards, holds or refuses; a 421 is sent once more ({@link RetryingResponseListener}) with a
 * body of up to {@code proxy_retry_body_max_bytes} kept in memory. Nothing else is ever retried.
 */
public class BucketProxyServlet extends AsyncProxyServlet {

    private static final String EXCHANGE_ATTRIBUTE = BucketProxyServlet.class.getName() + ".exchange";
    private static final String CONTINUE_ATTRIBUTE = BucketProxyServlet.class.getName() + ".continue";

    private final Router router = new Router();
    private final ClusterView view;
    private final ProxySettings settings;
    private final HandoffSettings handoff;
    private final ProxyMetrics metrics;
    private final ProxyAnswers answers;
    private HeldRequests holds;
    private long exchangeIdleMillis;

    /** For programmatic registration ({@code ServletContext.addServlet}), with the default handoff settings. */
    public BucketProxyServlet(ClusterView view, ProxySettings settings, ProxyMetrics metrics) {
        this(view, settings, HandoffSettings.defaults(), metrics);
    }

    /** For programmatic registration ({@code ServletContext.addServlet}). */
    public BucketProxyServlet(ClusterView view, ProxySettings settings, HandoffSettings handoff, ProxyMetrics metrics) {
        this.view = requireNonNull(view, "view is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.handoff = requireNonNull(handoff, "handoff is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.answers = new ProxyAnswers(settings, metrics);
    }

    @Override
    public void init() throws ServletException {
        super.init();
        setTimeout(settings.timeout().toMillis());
        // Jetty's idleTimeout bounds a node's silence within an exchange; an unused kept-alive
        // connection lives only proxy_upstream_idle_seconds, closed by us before the server closes
        // it, or a request sent on it as it closes would fail (502) without having been read
        exchangeIdleMillis = getHttpClient().getIdleTimeout();
        getHttpClient().setIdleTimeout(settings.upstreamIdle().toMillis());
        holds = new HeldRequests(view, handoff, metrics, System::nanoTime,
                e -> e.resume(() -> route(e)), this::expired);
    }

    /**
     * HTTP/1.1 only, which is what a dtable-server speaks: Jetty's default for a proxy servlet, the
     * dynamic transport, works out each request's protocol anew, a cost on every request.
     */
    @Override
    protected HttpClient newHttpClient(ClientConnector connector) {
        return new HttpClient(new HttpClientTransportOverHTTP(connector));
    }

    @Override
    public void destroy() {
        if (holds != null) {
            holds.close();
        }
        super.destroy();
    }

    public ProxyMetrics metrics() {
        return metrics;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) {
        route(new Exchange(request, response, handoff.retryBodyMaxBytes()));
    }

    /** Routes the request by the current view: forwards, holds or answers it. Runs again after a hold. */
    void route(Exchange exchange) {
        HttpServletRequest request = exchange.request();
        String path = ProxyRequestHeaders.pathInContext(request);
        String query = request.getQueryString();
        ClusterSnapshot snapshot = view.current();
        RouteDecision decision = router.route(path, query, request.getHeader("Authorization"), snapshot);
        int bucket = decision instanceof RouteDecision.ToOwner owner ? owner.bucket()
                : decision instanceof RouteDecision.NoOwner none ? none.bucket() : -1;
        if (bucket >= 0 && bucket < snapshot.assignment().bucketCount()) {
            OwnershipGate.Verdict verdict = holds.check(snapshot, bucket);
            if (verdict == OwnershipGate.Verdict.STALE) {
                answers.fail(exchange, ProxyFailures.viewStale(bucket, handoff));
                return;
            }
            if (verdict == OwnershipGate.Verdict.HOLD) {
                exchange.changeSeen();
                if (!holds.park(bucket, exchange)) {
                    answers.fail(exchange, ProxyFailures.tooManyHeld(bucket, handoff));
                }
                return;
            }
        }
        if (decision instanceof RouteDecision.ToOwner owner
                && exchange.awaitsChange(owner.node().nodeId())) {
            if (!holds.parkUntilChange(bucket, exchange)) {
                answers.fail(exchange, ProxyFailures.tooManyHeld(bucket, handoff));
            }
            return;
        }
        if (decision instanceof RouteDecision.ToOwner owner) {
            forward(exchange, owner.node(), owner.bucket(), owner.path(), query);
        } else if (decision instanceof RouteDecision.ToAnyNode any) {
            forward(exchange, any.node(), -1, any.path(), query);
        } else {
            answers.fail(exchange, ProxyFailure.of(decision));
        }
    }

    private void forward(Exchange exchange, NodeEntry node, int bucket, String path, String query) {
        HttpServletRequest request = exchange.request();
        if (exchange.needsBody()) {
            BodyReader.readInto(exchange, () -> route(exchange), metrics);
            return;
        }
        String url;
        try {
            url = TargetUrls.join(node.localNodeUrl(), path, query);
        } catch (IllegalArgumentException e) {
            answers.fail(exchange, new ProxyFailure(ProxyError.OWNER_ERROR, e.getMessage(), ProxyFailure.fields(node, bucket)));
            return;
        }
        exchange.target(new Target(node, bucket));
        request.setAttribute(EXCHANGE_ATTRIBUTE, exchange);
        metrics.forwarded(node.nodeId());
        ProxyRequests.forwardedTo(request, node.nodeId());
        Request proxyRequest = newProxyRequest(request, url);
        copyRequestHeaders(request, proxyRequest);
        addProxyHeaders(request, proxyRequest);
        exchange.suspend();
        proxyRequest.timeout(getTimeout(), TimeUnit.MILLISECONDS);
        proxyRequest.idleTimeout(exchangeIdleMillis, TimeUnit.MILLISECONDS);
        try {
            attachBody(exchange, proxyRequest);
        } catch (IOException | RuntimeException e) {
            onClientRequestFailure(request, proxyRequest, exchange.response(), e);
            return;
        }
        sendProxyRequest(request, exchange.response(), proxyRequest);
    }

    private void attachBody(Exchange exchange, Request proxyRequest) throws IOException {
        HttpServletRequest request = exchange.request();
        byte[] body = exchange.body();
        if (body != null) {
            // Read already: the client's Expect was answered, the owner need not be asked again.
            proxyRequest.headers(headers -> headers.remove("Expect"));
            if (body.length > 0) {
                proxyRequest.body(new BytesRequestContent(request.getContentType(), body));
            }
        } else if (expects100Continue(request)) {
            // Reading the body sends the client its 100 Continue: only once the owner sent one.
            AsyncRequestContent delegate = new AsyncRequestContent();
            proxyRequest.body(delegate);
            proxyRequest.attribute(CONTINUE_ATTRIBUTE, (Runnable) () -> {
                try {
                    Content.copy(proxyRequestContent(request, exchange.response(), proxyRequest), delegate,
                            Callback.from(delegate::close, x -> {
                                delegate.fail(x);
                                onClientRequestFailure(request, proxyRequest, exchange.response(), x);
                            }));
                } catch (IOException | RuntimeException x) {
                    onClientRequestFailure(request, proxyRequest, exchange.response(), x);
                }
            });
        } else if (hasContent(request)) {
            proxyRequest.body(proxyRequestContent(request, exchange.response(), proxyRequest));
        }
    }

    @Override
    protected Runnable onContinue(HttpServletRequest clientRequest, Request proxyRequest) {
        return (Runnable) proxyRequest.getAttributes().get(CONTINUE_ATTRIBUTE);
    }

    private void expired(Exchange exchange) {
        answers.fail(exchange, ProxyFailures.heldTooLong(exchange, view.current(), handoff));
    }

    @Override
    protected Response.Listener newProxyResponseListener(HttpServletRequest request, HttpServletResponse response) {
        return new RetryingResponseListener(super.newProxyResponseListener(request, response), exchangeOf(request),
                metrics, this::route);
    }

    @Override
    protected void copyRequestHeaders(HttpServletRequest clientRequest, Request proxyRequest) {
        super.copyRequestHeaders(clientRequest, proxyRequest);
        ProxyRequestHeaders.dropClientClaims(proxyRequest);
    }

    @Override
    protected void addForwardedHeader(HttpServletRequest clientRequest, Request proxyRequest) {
        ProxyRequestHeaders.addForwarded(clientRequest, proxyRequest);
    }

    @Override
    protected void onClientRequestFailure(
            HttpServletRequest clientRequest, Request proxyRequest, HttpServletResponse proxyResponse, Throwable failure) {
        exchangeOf(clientRequest).clientFailed();
        metrics.clientAborted();
        super.onClientRequestFailure(clientRequest, proxyRequest, proxyResponse, failure);
    }

    @Override
    protected void onResponseContent(HttpServletRequest request, HttpServletResponse response, Response proxyResponse,
            byte[] buffer, int offset, int length, Callback callback) {
        exchangeOf(request).contentStarted();
        if (!SmallAnswers.write(response, proxyResponse, buffer, offset, length, callback)) {
            super.onResponseContent(request, response, proxyResponse, buffer, offset, length, callback);
        }
    }

    @Override
    protected void onServerResponseHeaders(HttpServletRequest request, HttpServletResponse response, Response serverResponse) {
        AnswerHeaders.copy(serverResponse.getHeaders(), response, f -> filterServerResponseHeader(request, serverResponse, f));
    }

    @Override
    protected void onProxyResponseFailure(
            HttpServletRequest request, HttpServletResponse response, Response serverResponse, Throwable failure) {
        Exchange exchange = exchangeOf(request);
        if (!exchange.isClientFailed()) {
            ProxyError kind = answers.upstreamFailure(request, exchange.target(), failure);
            // Once body bytes went to the client, only cutting the connection tells it the answer
            // is broken; Jetty does that. Before, the client gets a proper JSON error.
            if (!response.isCommitted() && !exchange.isContentStarted()) {
                answers.upstreamFailed(request, response, exchange.target(), kind, getTimeout());
                return;
            }
        }
        super.onProxyResponseFailure(request, response, serverResponse, failure);
    }

    private static Exchange exchangeOf(HttpServletRequest request) {
        return (Exchange) request.getAttribute(EXCHANGE_ATTRIBUTE);
    }
}
