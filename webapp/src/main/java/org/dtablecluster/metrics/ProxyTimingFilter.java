package org.dtablecluster.metrics;

import static java.util.Objects.requireNonNull;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Times each request of the proxy servlet until its answer ends, also when the servlet answers
 * asynchronously (it does: {@code AsyncProxyServlet}). Map it to the proxy servlet by name, for
 * REQUEST and FORWARD (requests for admin paths on the proxy port are forwarded to it), with async
 * support. The listener is added before this dispatch returns, so a completion from another
 * thread cannot slip past it.
 */
final class ProxyTimingFilter implements Filter {

    private final ProxyRequests requests;

    ProxyTimingFilter(ProxyRequests requests) {
        this.requests = requireNonNull(requests, "requests is null");
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        long start = System.nanoTime();
        boolean failed = true;
        try {
            chain.doFilter(request, response);
            failed = false;
        } finally {
            if (request.isAsyncStarted()) {
                request.getAsyncContext().addListener(new Completion(start), request, response);
            } else {
                // An exception escaping the chain becomes the container's 500.
                int status = failed ? HttpServletResponse.SC_INTERNAL_SERVER_ERROR : status(response);
                requests.completed(ProxyRequests.nodeOf(request), status, System.nanoTime() - start);
            }
        }
    }

    private static int status(ServletResponse response) {
        return response instanceof HttpServletResponse http ? http.getStatus() : HttpServletResponse.SC_OK;
    }

    private final class Completion implements AsyncListener {

        private final long start;

        Completion(long start) {
            this.start = start;
        }

        @Override
        public void onComplete(AsyncEvent event) {
            requests.completed(ProxyRequests.nodeOf(event.getSuppliedRequest()), status(event.getSuppliedResponse()),
                    System.nanoTime() - start);
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            // onComplete follows
        }

        @Override
        public void onError(AsyncEvent event) {
            // onComplete follows
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // a new asynchronous cycle of the same request: keep listening
            event.getAsyncContext().addListener(this, event.getSuppliedRequest(), event.getSuppliedResponse());
        }
    }
}
