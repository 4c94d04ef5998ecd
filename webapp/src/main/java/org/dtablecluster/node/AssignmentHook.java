package org.dtablecluster.node;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.dtablecluster.concurrent.EventLoop;
import org.dtablecluster.etcd.Failures;
import org.dtablecluster.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the dtable-server what it owns: POSTs {@code {"node_id", "revision", "owned", "gained",
 * "lost", "valid_until_ms"}} to its hook, {@code gained} and {@code lost} relative to the set the
 * server last confirmed (before any confirmation: {@code lost} is every other bucket).
 *
 * <p>One request at a time, each built at send time from the newest wish ({@link Request}), so a
 * retry or a change that arrived meanwhile always carries the newest state. A send is due when
 * the wish differs from what the server confirmed, or when {@link #poke(boolean) forced} (a
 * keep-alive renewing {@code valid_until_ms}, the periodic resync). A failure is retried with
 * backoff for as long as something is due: the server's own deadline covers a hook that never
 * answers. Pokes wait for a retry that is scheduled; a retry that finds nothing to say (the wish
 * is {@code null} then) leaves the next poke free to send. After a 2xx the {@code onConfirmed}
 * listener hears what the server now serves.
 *
 * <p>Every method runs on the agent's {@link EventLoop}; HTTP completions are handed back to it.
 */
final class AssignmentHook {

    /** What to send now; {@code owned} the full set. */
    record Request(SortedSet<Integer> owned, long revision, long validUntilMs) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(AssignmentHook.class);

    private final String nodeId;
    private final URI target;
    private final HttpClient http;
    private final Duration timeout;
    private final int warnAfter;
    private final Backoff backoff;
    private final EventLoop loop;
    private final String logContext;
    private final Consumer<String> onFailure;
    private final Supplier<Request> wish;
    private final Consumer<Request> onConfirmed;

    private SortedSet<Integer> confirmed;   // null until the server confirmed anything
    private Request inFlight;
    private boolean retryScheduled;
    private boolean forced;
    private int failures;
    private boolean closed;
    private long delivered;
    private long lastValidUntilHandedOut = Long.MIN_VALUE;

    /**
     * @param warnAfter failures in a row before each further one is logged as a warning
     * @param wish the request to send now, or {@code null} when there is nothing to say yet
     */
    AssignmentHook(String nodeId, URI target, HttpClient http, Duration timeout, int warnAfter, Backoff backoff,
            EventLoop loop, String logContext, Consumer<String> onFailure, Supplier<Request> wish,
            Consumer<Request> onConfirmed) {
        this.nodeId = requireNonNull(nodeId, "nodeId is null");
        this.target = requireNonNull(target, "target is null");
        this.http = requireNonNull(http, "http is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.warnAfter = warnAfter;
        this.backoff = requireNonNull(backoff, "backoff is null");
        this.loop = requireNonNull(loop, "loop is null");
        this.logContext = requireNonNull(logContext, "logContext is null");
        this.onFailure = requireNonNull(onFailure, "onFailure is null");
        this.wish = requireNonNull(wish, "wish is null");
        this.onConfirmed = requireNonNull(onConfirmed, "onConfirmed is null");
    }

    /** Sends the wish if it differs from what the server confirmed, or anyway when {@code force}. */
    void poke(boolean force) {
        forced |= force;
        if (!closed && inFlight == null && !retryScheduled) {
            sendIfDue();
        }
    }

    void close() {
        closed = true;
    }

    /** What the server last confirmed serving, or {@code null} before its first 2xx. */
    SortedSet<Integer> confirmed() {
        return confirmed;
    }

    long delivered() {
        return delivered;
    }

    /** The latest {@code valid_until_ms} sent with a non-empty owned set; Long.MIN_VALUE when none. */
    long lastValidUntilHandedOut() {
        return lastValidUntilHandedOut;
    }

    static String body(String nodeId, Request request, SortedSet<Integer> confirmed) {
        SortedSet<Integer> gained = new TreeSet<>(request.owned());
        SortedSet<Integer> lost = new TreeSet<>();
        if (confirmed == null) {
            for (int b = 0; b < org.dtablecluster.spi.Assignment.BUCKETS; b++) {
                lost.add(b);
            }
        } else {
            gained.removeAll(confirmed);
            lost.addAll(confirmed);
        }
        lost.removeAll(request.owned());
        ObjectNode o = Json.object();
        o.put("node_id", nodeId);
        o.put("revision", request.revision());
        array(o.putArray("owned"), request.owned());
        array(o.putArray("gained"), gained);
        array(o.putArray("lost"), lost);
        o.put("valid_until_ms", request.validUntilMs());
        return Json.text(o);
    }

    private static void array(ArrayNode array, Collection<Integer> buckets) {
        buckets.forEach(array::add);
    }

    private void sendIfDue() {
        Request request = wish.get();
        if (request == null || !forced && request.owned().equals(confirmed)) {
            return;
        }
        forced = false;
        inFlight = request;
        if (!request.owned().isEmpty()) {
            lastValidUntilHandedOut = Math.max(lastValidUntilHandedOut, request.validUntilMs());
        }
        HttpRequest http = HttpRequest.newBuilder(target)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(nodeId, request, confirmed)))
                .build();
        Executor onLoop = loop::execute;
        try {
            this.http.sendAsync(http, HttpResponse.BodyHandlers.discarding())
                    .handleAsync((response, error) -> {
                        onResult(request, response, error);
                        return null;
                    }, onLoop);
        } catch (RuntimeException e) {
            // the loop is shutting down, or the client refused the request outright
            if (!closed) {
                onResult(request, null, e);
            }
        }
    }

    private void onResult(Request request, HttpResponse<Void> response, Throwable error) {
        inFlight = null;
        if (closed) {
            return;
        }
        if (error == null && response.statusCode() / 100 == 2) {
            delivered++;
            failures = 0;
            backoff.reset();
            confirmed = request.owned();
            LOG.debug("{} assignment hook confirmed rev={} owned={}", logContext, request.revision(),
                    BucketRanges.format(request.owned()));
            onConfirmed.accept(request);
            sendIfDue();
            return;
        }
        failures++;
        String failure = error != null ? Failures.describe(error) : "HTTP " + response.statusCode();
        onFailure.accept(failure);
        forced = true;   // the server's state is unknown: send again whatever the wish is then
        Duration delay = backoff.next();
        if (failures >= warnAfter) {
            LOG.warn("{} assignment hook {} failed {} times in a row (last: {}); retrying in {} ms", logContext,
                    target, failures, failure, delay.toMillis());
        } else {
            LOG.info("{} assignment hook {} failed ({}); retrying in {} ms", logContext, target, failure,
                    delay.toMillis());
        }
        retryScheduled = true;
        loop.schedule(() -> {
            retryScheduled = false;
            if (!closed && inFlight == null) {
                sendIfDue();
            }
        }, delay);
    }
}
