package org.dtablecluster.proxy;

import static java.util.Objects.requireNonNull;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client request on its way through the proxy, across holds and a retry: whether it may
 * still be sent again after a 421, the body kept for that, who refused it, where it was forwarded
 * and how far its answer got.
 */
final class Exchange {

    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final long contentLength;
    private final boolean bodyKept;
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile byte[] body;
    private volatile boolean retried;
    private volatile String refusedBy;
    private volatile boolean changeSeen;
    private volatile int bucket = -1;
    private volatile Target target;
    private volatile boolean clientFailed;
    private volatile boolean contentStarted;

    /** @param retryBodyMaxBytes bodies with a Content-Length up to this are kept for a retry */
    Exchange(HttpServletRequest request, HttpServletResponse response, int retryBodyMaxBytes) {
        this.request = requireNonNull(request, "request is null");
        this.response = requireNonNull(response, "response is null");
        this.contentLength = request.getContentLengthLong();
        boolean chunked = request.getHeader("Transfer-Encoding") != null;
        this.bodyKept = !chunked && contentLength <= retryBodyMaxBytes;
        if (!chunked && contentLength <= 0) {
            body = new byte[0];
        }
    }

    /** The bucket of the request's base, once routed; -1 before or when it names none. */
    int bucket() {
        return bucket;
    }

    void bucket(int b) {
        this.bucket = b;
    }

    /** The node and bucket it was last forwarded to; null before. */
    Target target() {
        return target;
    }

    void target(Target forwardedTo) {
        this.target = forwardedTo;
    }

    /** Reading the client's body failed: the exchange with the owner is aborted for the client's sake. */
    void clientFailed() {
        clientFailed = true;
    }

    boolean isClientFailed() {
        return clientFailed;
    }

    /** Answer bytes went to the client: a later failure can only cut its connection. */
    void contentStarted() {
        contentStarted = true;
    }

    boolean isContentStarted() {
        return contentStarted;
    }

    HttpServletRequest request() {
        return request;
    }

    HttpServletResponse response() {
        return response;
    }

    /** True when the body is small enough to keep and has not been read yet. */
    boolean needsBody() {
        return bodyKept && body == null;
    }

    int contentLength() {
        return (int) contentLength;
    }

    /** The body read into memory, empty when there is none, or null when it streams. */
    byte[] body() {
        return body;
    }

    void body(byte[] bytes) {
        this.body = bytes;
    }

    /** True when a 421 may be answered by sending the request once more. */
    boolean mayRetry() {
        return !retried && body != null;
    }

    /** Marks the one retry taken, after {@code node} refused it. */
    void refused(String node) {
        retried = true;
        refusedBy = node;
    }

    boolean retried() {
        return retried;
    }

    /**
     * True when the view still names the node that refused the request and has shown no change of
     * its bucket since: sending it there again now would only be refused again.
     */
    boolean awaitsChange(String owner) {
        return owner.equals(refusedBy) && !changeSeen;
    }

    /** The view showed the bucket moving or ownerless since the refusal. */
    void changeSeen() {
        if (refusedBy != null) {
            changeSeen = true;
        }
    }

    String refusedBy() {
        return refusedBy;
    }

    /** Suspends the request, once; a client that goes away while it waits finishes it. */
    AsyncContext suspend() {
        if (request.isAsyncStarted()) {
            return request.getAsyncContext();
        }
        AsyncContext async = request.startAsync();
        async.setTimeout(0);
        async.addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                finished.set(true);
            }

            @Override
            public void onTimeout(AsyncEvent event) {
            }

            @Override
            public void onError(AsyncEvent event) {
                finish();
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
            }
        });
        return async;
    }

    /** Runs {@code next} on a server thread for the suspended request; a client gone meanwhile finishes it. */
    void resume(Runnable next) {
        try {
            request.getAsyncContext().start(next);
        } catch (IllegalStateException e) {
            finish();
        }
    }

    /** True once the request was answered, or its client went away. */
    boolean finished() {
        return finished.get();
    }

    /** Completes the suspended request once; false when it was already. */
    boolean finish() {
        if (!finished.compareAndSet(false, true)) {
            return false;
        }
        if (request.isAsyncStarted()) {
            try {
                request.getAsyncContext().complete();
            } catch (IllegalStateException e) {
                // already completed by the container
            }
        }
        return true;
    }
}
