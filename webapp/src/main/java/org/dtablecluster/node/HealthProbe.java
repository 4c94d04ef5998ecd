package org.dtablecluster.node;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.dtablecluster.etcd.Failures;

/** One GET of the dtable-server's health URL; a 2xx answer within the timeout is healthy. */
final class HealthProbe {

    /** A probe's outcome; {@code detail} says what failed, for logs and status. */
    record Result(boolean healthy, String detail) {
    }

    private final HttpClient http;
    private final URI target;
    private final Duration timeout;

    HealthProbe(HttpClient http, URI target, Duration timeout) {
        this.http = requireNonNull(http, "http is null");
        this.target = requireNonNull(target, "target is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
    }

    URI target() {
        return target;
    }

    /** Never completes exceptionally: a failure to connect is an unhealthy result. */
    CompletableFuture<Result> check() {
        HttpRequest request = HttpRequest.newBuilder(target).timeout(timeout).GET().build();
        CompletableFuture<HttpResponse<Void>> sent;
        try {
            sent = http.sendAsync(request, HttpResponse.BodyHandlers.discarding());
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(new Result(false, Failures.describe(e)));
        }
        return sent.handle((response, error) -> {
            if (error != null) {
                return new Result(false, Failures.describe(error));
            }
            int status = response.statusCode();
            return new Result(status >= 200 && status < 300, "HTTP " + status);
        });
    }
}
