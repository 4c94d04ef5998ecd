package org.dtablecluster.proxy;

import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.io.Content;

/**
 * Relays the owner's answer to the client, except a 421 {@code not_owner} that may still be
 * retried: nothing of that one reaches the client (status, headers, body are dropped), and once it
 * is complete the request goes back to the servlet to be sent once more.
 */
final class RetryingResponseListener implements Response.Listener {

    private final Response.Listener relay;
    private final BucketProxyServlet servlet;
    private final Exchange exchange;
    private final Target target;
    private boolean refused;

    /** @param relay Jetty's listener that copies the answer to the client */
    RetryingResponseListener(Response.Listener relay, BucketProxyServlet servlet, Exchange exchange,
            Target target) {
        this.relay = relay;
        this.servlet = servlet;
        this.exchange = exchange;
        this.target = target;
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
            servlet.retryAfterRefusal(exchange, target);
        } else {
            relay.onComplete(result);
        }
    }
}
