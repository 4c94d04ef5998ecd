package org.dtablecluster.simulator;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.eclipse.jetty.io.Content;

/**
 * Reads a request body chunk by chunk into a SHA-256, so a 50 MB upload costs a few buffers, and
 * reads without blocking a thread while the client is slow.
 */
final class BodyDigester implements Runnable {

    private final Content.Source body;
    private final LongAdder bytesSeen;
    private final BiConsumer<Long, String> onDone;
    private final Consumer<Throwable> onFailure;
    private final MessageDigest digest = DeterministicBytes.newSha256();
    private long size;

    /**
     * @param bytesSeen counts every byte as it arrives, so a test can see a body still in flight
     * @param onDone gets the size and the hex SHA-256
     */
    BodyDigester(Content.Source body, LongAdder bytesSeen, BiConsumer<Long, String> onDone, Consumer<Throwable> onFailure) {
        this.body = body;
        this.bytesSeen = bytesSeen;
        this.onDone = onDone;
        this.onFailure = onFailure;
    }

    @Override
    public void run() {
        while (true) {
            Content.Chunk chunk = body.read();
            if (chunk == null) {
                body.demand(this);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                onFailure.accept(chunk.getFailure());
                return;
            }
            ByteBuffer buffer = chunk.getByteBuffer();
            int n = buffer.remaining();
            digest.update(buffer);
            size += n;
            bytesSeen.add(n);
            chunk.release();
            if (chunk.isLast()) {
                onDone.accept(size, HexFormat.of().formatHex(digest.digest()));
                return;
            }
        }
    }
}
