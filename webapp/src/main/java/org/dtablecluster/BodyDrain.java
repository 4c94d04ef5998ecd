package org.dtablecluster;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends an early error answer after reading and discarding what is left of the upload. A client
 * that writes its whole upload before reading (most HTTP clients do) would otherwise get a
 * connection reset: the server answers, closes with unread bytes in its socket buffer, the
 * kernel sends RST, and the answer is lost.
 *
 * <p>Draining is non-blocking and bounded by {@link #MAX_BYTES} and {@link #MAX_TIME}, so a huge
 * or stalled upload holds no thread; past a bound the answer goes out with
 * {@code Connection: close}. A request with {@code Expect: 100-continue} is answered at once:
 * reading would make Jetty send {@code 100 Continue} and invite the body; answering first tells
 * the client not to send it. Where the servlet chain is not asynchronous, the answer goes out at
 * once with {@code Connection: close}.
 */
public final class BodyDrain {

    /** The most that is read and thrown away: a SeaTable row batch, not a file upload. */
    public static final int MAX_BYTES = 1024 * 1024;
    /** The longest a slow client may delay its answer. */
    public static final Duration MAX_TIME = Duration.ofSeconds(2);

    private static final Logger LOG = LoggerFactory.getLogger(BodyDrain.class);

    /** Writes the answer on a response that is not yet committed. */
    @FunctionalInterface
    public interface Answer {
        void send(HttpServletResponse response) throws IOException;
    }

    private BodyDrain() {
    }

    /** Drains the upload within the bounds, then sends {@code answer}; completes any async it starts. */
    public static void thenAnswer(HttpServletRequest request, HttpServletResponse response, Answer answer) {
        if (!hasBody(request)) {
            send(response, answer);
            return;
        }
        String expect = request.getHeader("Expect");
        if (expect != null && expect.toLowerCase(Locale.ROOT).contains("100-continue") || !request.isAsyncSupported()
                || request.isAsyncStarted()) {
            response.setHeader("Connection", "close");
            send(response, answer);
            return;
        }
        AsyncContext async;
        try {
            async = request.startAsync();
        } catch (IllegalArgumentException | IllegalStateException e) {
            // Jetty re-parses the request URI here and refuses some that reached us ("//.." merged)
            response.setHeader("Connection", "close");
            send(response, answer);
            return;
        }
        async.setTimeout(MAX_TIME.toMillis());
        Drainer drainer = new Drainer(async, response, answer);
        async.addListener(drainer);
        try {
            ServletInputStream in = request.getInputStream();
            drainer.in = in;
            in.setReadListener(drainer);
        } catch (IOException | IllegalStateException e) {
            drainer.finish(false);
        }
    }

    private static boolean hasBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    }

    private static void send(HttpServletResponse response, Answer answer) {
        try {
            answer.send(response);
        } catch (IOException e) {
            LOG.debug("client gone before the error answer", e);
        }
    }

    /** Reads until the end, a bound, an error or the async timeout; then answers once. */
    private static final class Drainer implements ReadListener, AsyncListener {
        private final AsyncContext async;
        private final HttpServletResponse response;
        private final Answer answer;
        private final AtomicBoolean done = new AtomicBoolean();
        private final byte[] buffer = new byte[16 * 1024];
        private ServletInputStream in;
        private long total;

        Drainer(AsyncContext async, HttpServletResponse response, Answer answer) {
            this.async = async;
            this.response = response;
            this.answer = answer;
        }

        @Override
        public void onDataAvailable() throws IOException {
            while (in.isReady() && !in.isFinished()) {
                int n = in.read(buffer);
                if (n < 0) {
                    return; // onAllDataRead follows
                }
                total += n;
                if (total > MAX_BYTES) {
                    finish(false);
                    return;
                }
            }
        }

        @Override
        public void onAllDataRead() {
            finish(true);
        }

        @Override
        public void onError(Throwable t) {
            finish(false);
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            finish(false);
        }

        @Override
        public void onComplete(AsyncEvent event) {
        }

        @Override
        public void onError(AsyncEvent event) {
            finish(false);
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
        }

        void finish(boolean wholeBody) {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            try {
                if (!wholeBody) {
                    response.setHeader("Connection", "close");
                }
                send(response, answer);
            } finally {
                async.complete();
            }
        }
    }
}
