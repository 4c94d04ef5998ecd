package org.dtablecluster.proxy;

import static org.dtablecluster.proxy.Http.json;
import static org.dtablecluster.proxy.Http.request;
import static org.dtablecluster.proxy.Http.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.dtablecluster.config.ProxySettings;
import org.dtablecluster.simulator.DeterministicBytes;
import org.dtablecluster.simulator.DtableServerSimulator;
import org.dtablecluster.view.InMemoryClusterView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Large bodies pass through intact, and the proxy streams them: each direction is shown to
 * deliver its beginning while its end does not exist yet, which a buffering proxy cannot do.
 */
class BucketProxyServletStreamingTest {

    private static final String BASE = "5a000000-1111-2222-3333-444444444444";
    private static final long FIFTY_MB = 50L * 1024 * 1024;

    private static DtableServerSimulator sim;
    private static ProxyServer proxy;
    private static URI uri;

    @BeforeAll
    static void start() throws Exception {
        sim = DtableServerSimulator.start("dtable-server-01");
        InMemoryClusterView view = new InMemoryClusterView(
                Snapshots.of(1, Map.of("dtable-server-01", sim.uri()), b -> "dtable-server-01"));
        proxy = ProxyServer.start(view, new ProxySettings(Duration.ofSeconds(60), Duration.ofSeconds(5)));
        uri = proxy.proxyUri();
    }

    @AfterAll
    static void stop() throws Exception {
        proxy.close();
        sim.close();
    }

    @Test
    void aFiftyMegabyteUploadArrivesIntact() throws Exception {
        HttpResponse<String> response = send(request(uri, "/api/v1/dtables/" + BASE + "/import/")
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> DeterministicBytes.stream(FIFTY_MB, 11))));
        JsonNode body = json(response);
        assertEquals(200, response.statusCode(), response::body);
        assertEquals(FIFTY_MB, body.get("size").asLong());
        assertEquals(DeterministicBytes.sha256(FIFTY_MB, 11), body.get("sha256").asText());
    }

    @Test
    void aFiftyMegabyteDownloadArrivesIntact() throws Exception {
        assertDownloadArrivesIntact(FIFTY_MB, 12);
    }

    /** Up to SmallAnswers.MAX_BYTES the answer is copied with a blocking write, above it streamed. */
    @ParameterizedTest
    @ValueSource(longs = {0, 1, SmallAnswers.MAX_BYTES - 1, SmallAnswers.MAX_BYTES, SmallAnswers.MAX_BYTES + 1})
    void answersOnEitherSideOfTheSmallAnswerLimitArriveIntact(long size) throws Exception {
        assertDownloadArrivesIntact(size, 15);
    }

    private static void assertDownloadArrivesIntact(long size, long seed) throws Exception {
        HttpResponse<InputStream> response = Http.CLIENT.send(
                request(uri, "/api/v1/dtables/" + BASE + "/download/?size=" + size + "&seed=" + seed).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        assertEquals(String.valueOf(size), response.headers().firstValue("Content-Length").orElse(null));
        assertEquals(DeterministicBytes.sha256(size, seed), sha256(response.body()));
    }

    @Test
    void aDownloadIsForwardedBeforeTheServerHasSentItsEnd() throws Exception {
        int head = 1 << 20;
        long size = 8L << 20;
        HttpResponse<InputStream> response = Http.CLIENT.send(
                request(uri, "/api/v1/dtables/" + BASE + "/download/?size=" + size + "&seed=13&hold_after=" + head).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            // The simulator holds all but the head until released, so these bytes can only come through
            // a streaming proxy. Half the head: the proxy may keep up to a buffer's worth back.
            byte[] first = CompletableFuture.supplyAsync(() -> readN(in, head / 2)).get(15, TimeUnit.SECONDS);
            assertEquals(head / 2, first.length);
            sim.releaseHeldDownloads();
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(first);
            long rest = copyInto(digest, in);
            assertEquals(size - head / 2, rest);
            assertEquals(DeterministicBytes.sha256(size, 13), HexFormat.of().formatHex(digest.digest()));
        }
    }

    @Test
    void anUploadIsForwardedBeforeTheClientHasSentItsEnd() throws Exception {
        int head = 2 << 20;
        long size = 6L << 20;
        long seenBefore = sim.bodyBytesSeen();
        boolean[] arrivedEarly = new boolean[1];
        InputStream source = DeterministicBytes.stream(size, 14);
        InputStream body = new SequenceInputStream(new BoundedStream(source, head), new InputStream() {
            private boolean waited;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (!waited) {
                    waited = true;
                    // Hold the rest of the upload back until the simulator has received some of it.
                    arrivedEarly[0] = awaitBodyBytesBeyond(seenBefore, 15_000);
                }
                return source.read(b, off, len);
            }
        });
        HttpResponse<String> response = send(request(uri, "/api/v1/dtables/" + BASE + "/import/")
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> body)));
        assertTrue(arrivedEarly[0], "the simulator saw no byte of the upload before the client sent its end");
        JsonNode result = json(response);
        assertEquals(size, result.get("size").asLong());
        assertEquals(DeterministicBytes.sha256(size, 14), result.get("sha256").asText());
    }

    private static boolean awaitBodyBytesBeyond(long baseline, long timeoutMs) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (System.nanoTime() < deadline) {
            if (sim.bodyBytesSeen() > baseline) {
                return true;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private static byte[] readN(InputStream in, int n) {
        try {
            return in.readNBytes(n);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long copyInto(MessageDigest digest, InputStream in) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
            digest.update(buffer, 0, n);
            total += n;
        }
        return total;
    }

    private static String sha256(InputStream in) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (in) {
            copyInto(digest, in);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The first {@code limit} bytes of a stream, leaving the rest in it. */
    private static final class BoundedStream extends InputStream {
        private final InputStream in;
        private long left;

        BoundedStream(InputStream in, long limit) {
            this.in = in;
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left == 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }
}
