package org.dtablecluster.proxy;

import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.Callback;

/**
 * Copies a small answer of a dtable-server to the client with the servlet's blocking write, on
 * the thread that received it, instead of through a {@code WriteListener}.
 *
 * <p>Why: setting a {@code WriteListener} makes Jetty run the first write on another thread of
 * the pool, one more thread hand-off for every proxied request; on a busy machine each hand-off
 * waits for a time slice (bench/peers-bench, README "What the proxy costs"). Most answers are
 * small JSON. An answer with a {@code Content-Length} of at most {@value #MAX_BYTES} bytes is
 * gathered in the response's buffer and written to the socket in one go when complete, which the
 * kernel's send buffer takes at once unless the client stopped reading; then the thread waits at
 * most the connection's idle timeout, like any blocking servlet. Larger, chunked and streamed
 * answers keep the non-blocking path with back-pressure.
 */
final class SmallAnswers {

    /** The largest answer written with the blocking API: at most the initial TCP send buffer (16 KiB). */
    static final long MAX_BYTES = 16 * 1024;

    private SmallAnswers() {
    }

    /** True when the dtable-server's answer declares a length small enough to be written here. */
    static boolean fits(Response serverResponse) {
        long length = serverResponse.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
        return length >= 0 && length <= MAX_BYTES;
    }

    /**
     * Writes one chunk of a small answer and returns true; returns false, writing nothing, for an
     * answer that does not {@link #fits fit}. A failure fails the chunk and aborts the exchange
     * with the server.
     */
    static boolean write(HttpServletResponse response, Response serverResponse, byte[] buffer, int offset, int length,
            Callback callback) {
        if (!fits(serverResponse)) {
            return false;
        }
        try {
            response.getOutputStream().write(buffer, offset, length);
            callback.succeeded();
        } catch (Throwable x) {
            callback.failed(x);
            serverResponse.abort(x);
        }
        return true;
    }
}
