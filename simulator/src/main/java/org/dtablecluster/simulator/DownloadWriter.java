package org.dtablecluster.simulator;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.IteratingCallback;

/**
 * Streams {@code size} deterministic bytes one buffer at a time, never holding more. When
 * {@code holdAfter} is set it stops after that many bytes until the hold gate opens, which lets a
 * test prove a proxy forwards the beginning of a body before the server has sent its end. The gate
 * is the one open at the request's start, so any release after that lets the download finish.
 */
final class DownloadWriter extends IteratingCallback {

    private static final int CHUNK = 64 * 1024;

    private final Response response;
    private final Callback done;
    private final DeterministicBytes bytes;
    private final long size;
    private final long holdAfter;
    private final CompletableFuture<Void> holdGate;
    private final byte[] buffer;
    private long written;
    private boolean held;
    private boolean lastWritten;

    /** @param holdAfter byte offset to pause at, or -1 for no pause */
    DownloadWriter(Response response, Callback done, long size, long seed, long holdAfter,
            Supplier<CompletableFuture<Void>> holdGate) {
        this.response = response;
        this.done = done;
        this.bytes = new DeterministicBytes(seed);
        this.size = size;
        this.holdAfter = holdAfter;
        // Taken now, not at the pause: a release that comes while the head is still being written
        // must still let this download go on.
        this.holdGate = holdGate.get();
        this.buffer = new byte[(int) Math.max(1, Math.min(CHUNK, size))];
    }

    @Override
    protected Action process() {
        if (lastWritten) {
            return Action.SUCCEEDED;
        }
        if (holdAfter >= 0 && !held && written >= holdAfter) {
            held = true;
            holdGate.thenRun(this::iterate);
            return Action.IDLE;
        }
        long limit = holdAfter >= 0 && !held ? Math.min(size, holdAfter) : size;
        int n = (int) Math.min(buffer.length, limit - written);
        bytes.fill(buffer, 0, n);
        written += n;
        lastWritten = written == size;
        response.write(lastWritten, ByteBuffer.wrap(buffer, 0, n), this);
        return Action.SCHEDULED;
    }

    @Override
    protected void onCompleteSuccess() {
        done.succeeded();
    }

    @Override
    protected void onCompleteFailure(Throwable cause) {
        done.failed(cause);
    }
}

