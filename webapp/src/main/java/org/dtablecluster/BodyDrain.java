package org.dtablecluster;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Locale;

/**
 * Reads and discards what is left of a request body before an early error answer. A client that
 * writes its whole upload before reading (most HTTP clients do) would otherwise get a connection
 * reset: the server answers, closes with unread bytes in its socket buffer, the kernel sends
 * RST, and the answer is lost. Draining is bounded in bytes and time, so a huge or slow upload
 * cannot hold a thread; past the bound, or when the body was not read to its end, the answer
 * says {@code Connection: close}.
 *
 * <p>A request with {@code Expect: 100-continue} is not drained: reading would make Jetty send
 * {@code 100 Continue} and invite the body; answering without reading tells the client not to
 * send it. Call before the answer is committed, on a request in blocking mode.
 */
public final class BodyDrain {

    /** The most that is read and thrown away: a SeaTable row batch, not a file upload. */
    public static final int MAX_BYTES = 1024 * 1024;
    /** The longest a slow client may keep the thread. */
    public static final Duration MAX_TIME = Duration.ofSeconds(2);

    private BodyDrain() {
    }

    /** Drains what the bounds allow; sets {@code Connection: close} unless the body was read to its end. */
    public static void beforeEarlyAnswer(HttpServletRequest request, HttpServletResponse response) {
        if (!hasBody(request)) {
            return;
        }
        String expect = request.getHeader("Expect");
        if (expect != null && expect.toLowerCase(Locale.ROOT).contains("100-continue")) {
            response.setHeader("Connection", "close");
            return;
        }
        if (!drained(request)) {
            response.setHeader("Connection", "close");
        }
    }

    private static boolean hasBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    }

    /** True when the body was read to its end within the bounds. */
    private static boolean drained(HttpServletRequest request) {
        long deadline = System.nanoTime() + MAX_TIME.toNanos();
        byte[] buffer = new byte[16 * 1024];
        long total = 0;
        try {
            InputStream in = request.getInputStream();
            while (total <= MAX_BYTES && System.nanoTime() < deadline) {
                int n = in.read(buffer);
                if (n < 0) {
                    return true;
                }
                total += n;
            }
            return false;
        } catch (IOException | IllegalStateException e) {
            return false; // the client is gone, or the body was already taken as a reader
        }
    }
}
