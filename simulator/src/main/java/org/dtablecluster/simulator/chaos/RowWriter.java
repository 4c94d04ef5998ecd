package org.dtablecluster.simulator.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Appends rows through the proxies to one base in each of the 256 buckets, paced at a fixed rate,
 * with at most one request in flight per bucket (so a stuck owner slows only its own buckets) and
 * a bounded number in flight overall, each with a timeout. Requests go to the proxies in turn; one
 * whose connection a proxy refuses (nothing was sent) goes to the next, as a load balancer in
 * front of the proxies would do. Remembers every attempt.
 */
final class RowWriter implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<URI> proxies;
    private final List<String> bases;
    private final int ratePerSecond;
    private final int maxInFlight;
    private final Duration timeout;
    private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "chaos-client");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http;
    private final boolean[] busy = new boolean[256];
    private final AtomicLongArray lastAckMs = new AtomicLongArray(256);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final List<Attempt> attempts = new ArrayList<>();
    private final Thread pacer;
    private volatile boolean running = true;
    private long seq;

    RowWriter(List<URI> proxies, List<String> bases, int ratePerSecond, int maxInFlight, Duration timeout) {
        if (bases.size() != 256) {
            throw new IllegalArgumentException("one base per bucket: 256, not " + bases.size());
        }
        if (proxies.isEmpty()) {
            throw new IllegalArgumentException("at least one proxy");
        }
        this.proxies = List.copyOf(proxies);
        this.bases = List.copyOf(bases);
        this.ratePerSecond = ratePerSecond;
        this.maxInFlight = maxInFlight;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(3)).executor(executor).build();
        this.pacer = new Thread(this::pace, "chaos-pacer");
        pacer.setDaemon(true);
    }

    void start() {
        pacer.start();
    }

    /** The last time a row of {@code bucket} was acknowledged (0: never). */
    long lastAckMs(int bucket) {
        return lastAckMs.get(bucket);
    }

    private void pace() {
        long intervalNanos = 1_000_000_000L / ratePerSecond;
        long next = System.nanoTime();
        int bucket = 0;
        while (running) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                sleepNanos(wait);
            }
            next += intervalNanos;
            if (inFlight.get() >= maxInFlight) {
                continue;
            }
            for (int tried = 0; tried < 256; tried++, bucket = (bucket + 1) % 256) {
                if (claim(bucket)) {
                    send(bucket);
                    bucket = (bucket + 1) % 256;
                    break;
                }
            }
        }
    }

    private synchronized boolean claim(int bucket) {
        if (busy[bucket]) {
            return false;
        }
        busy[bucket] = true;
        return true;
    }

    private void send(int bucket) {
        long n;
        synchronized (this) {
            n = ++seq;
        }
        long start = System.currentTimeMillis();
        inFlight.incrementAndGet();
        send(bucket, String.format("%02x-%d", bucket, n), start, (int) (n % proxies.size()), proxies.size());
    }

    private void send(int bucket, String key, long start, int proxy, int triesLeft) {
        String body = "{\"row\":{\"seq\":\"" + key + "\",\"sent_ms\":" + start + "}}";
        HttpRequest request = HttpRequest.newBuilder(proxies.get(proxy).resolve("/api/v1/dtables/" + bases.get(bucket) + "/rows/"))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
            if (failure != null && triesLeft > 1 && refused(failure)) {
                send(bucket, key, start, (proxy + 1) % proxies.size(), triesLeft - 1);
                return;
            }
            long end = System.currentTimeMillis();
            Attempt attempt;
            if (failure != null) {
                Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                attempt = new Attempt(bucket, start, end, 0, cause instanceof HttpTimeoutException ? "timeout" : "io", key, null);
            } else {
                attempt = new Attempt(bucket, start, end, response.statusCode(), null, key, ackedId(response));
            }
            if (attempt.acked()) {
                lastAckMs.accumulateAndGet(bucket, end, Math::max);
            }
            synchronized (this) {
                attempts.add(attempt);
                busy[bucket] = false;
            }
            inFlight.decrementAndGet();
        });
    }

    // only a refused connection is safe to send elsewhere: the request never left
    private static boolean refused(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    private static String ackedId(HttpResponse<String> response) {
        if (response.statusCode() / 100 != 2) {
            return null;
        }
        try {
            JsonNode id = JSON.readTree(response.body()).get("_id");
            return id != null && id.isTextual() ? id.asText() : null;
        } catch (Exception e) {
            return null;
        }
    }

    /** Stops sending, waits for the answers still due (at most the timeout), returns every attempt. */
    List<Attempt> stop() throws InterruptedException {
        running = false;
        // not under this object's lock: the pacer takes it to claim a bucket
        pacer.join();
        long deadline = System.nanoTime() + timeout.toNanos() + 2_000_000_000L;
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        synchronized (this) {
            return List.copyOf(attempts);
        }
    }

    @Override
    public void close() {
        running = false;
        executor.shutdownNow();
    }

    private static void sleepNanos(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
