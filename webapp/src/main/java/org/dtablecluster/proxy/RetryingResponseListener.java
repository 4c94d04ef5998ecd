package org.dtablecluster.proxy;

import java.util.function.Consumer;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.io.Content;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relays the owner's answer to the client, except a 421 {@code not_owner} that may still be
 * retried: nothing of that one reaches the client (status, headers, body are dropped), and once it
 * is complete the request is routed once more, to whatever the view says then (held, parked until
 * the view changes, or forwarded).
 */
final class RetryingResponseListener implements Response.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(BucketProxyServlet.class);

    private final Response.Listener relay;
    private final Exchange exchange;
    private final Target target;
    private final ProxyMetrics metrics;
    private final Consumer<Exchange> route;
    private boolean refused;

    /**
     * @param relay Jetty's listener that copies the answer to the client
     * @param route routes an exchange afresh (the servlet's routing)
     */
    RetryingResponseListener(Response.Listener relay, Exchange exchange, ProxyMetrics metrics,
            Consumer<Exchange> route) {
        this.relay = relay;
        this.exchange = exchange;
        this.target = exchange == null ? null : exchange.target();
        this.metrics = metrics;
        this.route = route;
    }

    @Override
    public void onBegin(Response proxyResponse) {
        refused = proxyResponse.getStatus() == 421 && exchange != null && exchange.mayRetry();
        if (!refused) {
            relay.onBegin(proxyResponse);
        }
    }

    @Override
    public void onHeaders(Response proxyResponse) {
        if (!refused) {
            relay.onHeaders(proxyResponse);
        }
    }

    @Override
    public void onContent(Response proxyResponse, Content.Chunk chunk, Runnable demander) throws Exception {
        if (refused) {
            demander.run();
        } else {
            relay.onContent(proxyResponse, chunk, demander);
        }
    }

    @Override
    public void onComplete(Result result) {
        if (refused) {
            // 421: not processed, whether or not its body arrived whole.
            metrics.retried();
            exchange.refused(target.node().nodeId());
            LOG.info("[node={} bucket={}] {} {}: 421 not_owner; sending it once more", target.node().nodeId(),
                    target.bucketText(), exchange.request().getMethod(), exchange.request().getRequestURI());
            route.accept(exchange);
        } else {
            relay.onComplete(result);
        }
    }
}
