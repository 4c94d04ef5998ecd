package org.dtablecluster.proxy;

import static java.util.Objects.requireNonNull;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.dtablecluster.BodyDrain;
import org.dtablecluster.config.ProxySettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends the errors the proxy answers itself, counted, with {@code Retry-After} on a 503. */
final class ProxyAnswers {

    private static final Logger LOG = LoggerFactory.getLogger(BucketProxyServlet.class);

    private final ProxySettings settings;
    private final ProxyMetrics metrics;

    ProxyAnswers(ProxySettings settings, ProxyMetrics metrics) {
        this.settings = requireNonNull(settings, "settings is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
    }

    /** Answers {@code exchange} with {@code failure} and completes it. */
    void fail(Exchange exchange, ProxyFailure failure) {
        HttpServletRequest request = exchange.request();
        metrics.error(failure.kind());
        if (LOG.isDebugEnabled()) {
            LOG.debug("[{} {}] {}: {}", request.getMethod(), request.getRequestURI(), failure.kind().code(),
                    failure.message());
        }
        if (!request.isAsyncStarted()) {
            BodyDrain.thenAnswer(request, exchange.response(), r -> send(r, failure));
            return;
        }
        try {
            if (exchange.body() == null) {
                exchange.response().setHeader("Connection", "close"); // its body was never read
            }
            send(exchange.response(), failure);
        } catch (IOException | IllegalStateException e) {
            LOG.debug("client gone before the error answer", e);
        } finally {
            exchange.finish();
        }
    }

    /** An exchange with the owner failed: counted and logged; returns what kind of failure it was. */
    ProxyError upstreamFailure(HttpServletRequest request, Target target, Throwable failure) {
        ProxyError kind = UpstreamFailures.classify(failure);
        metrics.error(kind);
        LOG.warn("[node={} bucket={}] {} {}: {} ({})", target.node().nodeId(), target.bucketText(),
                request.getMethod(), request.getRequestURI(), kind.code(), ProxyFailures.brief(failure));
        return kind;
    }

    /** An exchange with the owner failed before anything went to the client: a JSON error instead. */
    void upstreamFailed(HttpServletRequest request, HttpServletResponse response, Target target, ProxyError kind,
            long timeoutMillis) {
        try {
            response.reset();
            response.setHeader("Connection", "close");
            send(response, new ProxyFailure(kind, message(kind, target, timeoutMillis),
                    ProxyFailure.fields(target.node(), target.bucket())));
        } catch (IOException | IllegalStateException e) {
            LOG.debug("[node={}] could not send the error answer", target.node().nodeId(), e);
        } finally {
            if (request.isAsyncStarted()) {
                request.getAsyncContext().complete();
            }
        }
    }

    private static String message(ProxyError kind, Target target, long timeoutMillis) {
        String node = target.node().nodeId() + " at " + target.node().localNodeUrl();
        return switch (kind) {
            case OWNER_TIMEOUT -> node + " did not answer within " + timeoutMillis + " ms";
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
}
