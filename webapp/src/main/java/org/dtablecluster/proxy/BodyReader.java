package org.dtablecluster.proxy;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Reads a request body of known length into memory without blocking a thread, so that a request
 * a dtable-server refuses with 421 can be sent again. Only bodies up to
 * {@code proxy_retry_body_max_bytes} are read this way; larger ones stream.
 */
final class BodyReader implements ReadListener {

    private final ServletInputStream in;
    private final byte[] body;
    private final Consumer<byte[]> done;
    private final Consumer<Throwable> failed;
    private int read;
    private boolean over;

    private BodyReader(ServletInputStream in, int length, Consumer<byte[]> done, Consumer<Throwable> failed) {
        this.in = in;
        this.body = new byte[length];
        this.done = done;
        this.failed = failed;
    }

    /** Suspends the exchange, keeps its body, then runs {@code then}; a failed read finishes it. */
    static void readInto(Exchange exchange, Runnable then, ProxyMetrics metrics) {
        exchange.suspend();
        Runnable aborted = () -> {
            metrics.clientAborted();
            exchange.finish();
        };
        try {
            read(exchange.request().getInputStream(), exchange.contentLength(), bytes -> {
                exchange.body(bytes);
                then.run();
            }, failure -> aborted.run());
        } catch (IOException | IllegalStateException e) {
            aborted.run();
        }
    }

    /** Reads the body of a suspended request; calls {@code done} or {@code failed} once. */
    static void read(ServletInputStream in, int length, Consumer<byte[]> done, Consumer<Throwable> failed) {
        in.setReadListener(new BodyReader(in, length, done, failed));
    }

    @Override
    public void onDataAvailable() throws IOException {
        while (in.isReady() && !in.isFinished()) {
            if (read == body.length) {
                // Jetty keeps to the Content-Length; anything more is a broken request.
                if (in.read() >= 0) {
                    throw new IOException("the body is longer than its Content-Length " + body.length);
                }
                return;
            }
            int n = in.read(body, read, body.length - read);
            if (n < 0) {
                return;
            }
            read += n;
        }
    }

    @Override
    public void onAllDataRead() {
        if (over) {
            return;
        }
        over = true;
        if (read != body.length) {
            failed.accept(new IOException("the body ended after " + read + " of " + body.length + " bytes"));
        } else {
            done.accept(body);
        }
    }

    @Override
    public void onError(Throwable t) {
        if (!over) {
            over = true;
            failed.accept(t);
        }
    }
}
