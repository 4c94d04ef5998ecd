package org.dtablecluster.node;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.dtablecluster.concurrent.EventLoop;
import org.dtablecluster.etcd.Failures;
import org.dtablecluster.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the dtable-server which buckets it gained and lost: POSTs
 * {@code {"node_id":..,"gained":[..],"lost":[..],"owned":[..],"revision":N}} to its hook URL.
 *
 * <p>Best effort, in order, one request at a time: each change is tried a bounded number of
 * times with a timeout and backoff, then given up with a warning. Changes that arrive while one
 * is in flight are folded into one, so the queue never grows and a retry always carries the
 * newest state; {@code owned} makes each POST complete on its own.
 *
 * <p>Every method runs on the agent's {@link EventLoop}; HTTP completions are handed
 * back to it, so the state here needs no locks and the view's thread is never blocked.
 */
final class AssignmentHook {

    private static final Logger LOG = LoggerFactory.getLogger(AssignmentHook.class);

    private final String nodeId;
    private final URI target;
    private final HttpClient http;
    private final Duration timeout;
    private final int maxAttempts;
    private final Backoff backoff;
    private final EventLoop loop;
    private final String logContext;
    private final Consumer<String> onAbandoned;

    private BucketChange pending;
    private BucketChange inFlight;
    private int attempt;
    private boolean closed;
    private long delivered;
    private long abandoned;
    private String lastFailure;

    AssignmentHook(String nodeId, URI target, HttpClient http, Duration timeout, int maxAttempts, Backoff backoff,
            EventLoop loop, String logContext, Consumer<String> onAbandoned) {
        this.nodeId = requireNonNull(nodeId, "nodeId is null");
        this.target = requireNonNull(target, "target is null");
        this.http = requireNonNull(http, "http is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.maxAttempts = maxAttempts;
        this.backoff = requireNonNull(backoff, "backoff is null");
        this.loop = requireNonNull(loop, "loop is null");
        this.logContext = requireNonNull(logContext, "logContext is null");
        this.onAbandoned = requireNonNull(onAbandoned, "onAbandoned is null");
    }

    /** Queues {@code change}, folding it into any change not yet sent. */
    void submit(BucketChange change) {
        if (closed) {
            return;
        }
        pending = pending == null ? change : pending.then(change);
        if (inFlight == null) {
            sendNext();
        }
    }

    /** Stops sending; a request in flight completes into nothing. */
    void close() {
        closed = true;
        pending = null;
    }

    long delivered() {
        return delivered;
    }

    long abandoned() {
        return abandoned;
    }

    /** The last failure, or {@code null}. */
    String lastFailure() {
        return lastFailure;
    }

    static String body(String nodeId, BucketChange change) {
        ObjectNode o = Json.object();
        o.put("node_id", nodeId);
        array(o.putArray("gained"), change.gained());
        array(o.putArray("lost"), change.lost());
        array(o.putArray("owned"), change.owned());
        o.put("revision", change.revision());
        return Json.text(o);
    }

    private static void array(ArrayNode array, List<Integer> buckets) {
        buckets.forEach(array::add);
    }

    private void sendNext() {
        if (closed || pending == null) {
            return;
        }
        inFlight = pending;
        pending = null;
        attempt = 1;
        backoff.reset();
        send();
    }

    private void send() {
        BucketChange change = inFlight;
        HttpRequest request = HttpRequest.newBuilder(target)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(nodeId, change)))
                .build();
        Executor onLoop = loop::execute;
        try {
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .handleAsync((response, error) -> {
                        onResult(change, response, error);
                        return null;
                    }, onLoop);
        } catch (RuntimeException e) {
            // the loop is shutting down, or the client refused the request outright
            if (!closed) {
                onResult(change, null, e);
            }
        }
    }

    private void onResult(BucketChange change, HttpResponse<Void> response, Throwable error) {
        if (closed || change != inFlight) {
            return;
        }
        if (error == null && response.statusCode() / 100 == 2) {
            delivered++;
            LOG.debug("{} assignment hook accepted rev={} (attempt {})", logContext, change.revision(), attempt);
            inFlight = null;
            sendNext();
            return;
        }
        lastFailure = error != null ? Failures.describe(error) : "HTTP " + response.statusCode();
        if (pending != null) {
            // a newer change is waiting: send both as one rather than a stale one first
            inFlight = inFlight.then(pending);
            pending = null;
        }
        if (attempt >= maxAttempts) {
            abandoned++;
            LOG.warn("{} assignment hook {} failed {} times (last: {}); giving up on the change of rev={}: the"
                    + " next change carries the full owned list", logContext, target, attempt, lastFailure,
                    inFlight.revision());
            onAbandoned.accept("gave up on rev=" + inFlight.revision() + " after " + attempt + " attempts: "
                    + lastFailure);
            inFlight = null;
            return;
        }
        Duration delay = backoff.next();
        LOG.info("{} assignment hook {} failed (attempt {}/{}: {}); retrying in {} ms", logContext, target, attempt,
                maxAttempts, lastFailure, delay.toMillis());
        attempt++;
        loop.schedule(() -> {
            if (!closed && inFlight != null) {
                send();
            }
        }, delay);
    }
}
