package org.dtablecluster.admin;

import static java.util.Objects.requireNonNull;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;
import org.dtablecluster.JsonAnswers;
import org.dtablecluster.monitor.Monitor;
import org.dtablecluster.monitor.RebalanceResult;

/**
 * {@code POST /rebalance/}: rebalances the buckets now, as the seed's
 * {@code curl -X POST http://proxy:5555/rebalance/} expects. With {@code ?dry_run=true} it only
 * says what it would move.
 *
 * <p>Answers JSON, always:
 * <ul>
 *   <li>200 {@code {"moved": 85, "moves": [{"bucket": "0f", "from": "dtable-server-01", "to":
 *       "dtable-server-03"}, ...], "counts": {"dtable-server-01": 86, ...}, "revision": 1234,
 *       "dry_run": false}};
 *   <li>on a proxy that does not lead, the leader's answer: the request is forwarded to the
 *       leader's admin port with the client's credentials ({@link LeaderForwarding});
 *   <li>409 {@code {"error": "not_leader", "message": ..., "leader": "proxy-02:4711"}} when it
 *       cannot be forwarded: no leader known, or it was forwarded here already;
 *   <li>503 {@code not_ready} with {@code Retry-After} while the view is not in sync with etcd
 *       or the re-registration grace runs;
 *   <li>500 {@code rebalance_failed} when the strategy failed or etcd refused the write;
 *   <li>405 {@code method_not_allowed} with {@code Allow: POST} for other methods.
 * </ul>
 * It is mapped by the admin application on the admin port only, never on the proxy port.
 */
public final class RebalanceServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final String RETRY_AFTER_SECONDS = "5";

    private final transient Function<String, RebalanceResult> rebalance;
    private final transient Supplier<RebalanceResult> dryRun;
    private final transient LeaderForwarding forwarding;

    public RebalanceServlet(Monitor monitor) {
        this(requireNonNull(monitor, "monitor is null")::rebalance, monitor::dryRunRebalance,
                LeaderForwarding.of(monitor));
    }

    /** @param rebalance given who asked: the admin user, or {@code anonymous} */
    RebalanceServlet(Function<String, RebalanceResult> rebalance, Supplier<RebalanceResult> dryRun,
            LeaderForwarding forwarding) {
        this.rebalance = requireNonNull(rebalance, "rebalance is null");
        this.dryRun = requireNonNull(dryRun, "dryRun is null");
        this.forwarding = requireNonNull(forwarding, "forwarding is null");
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"POST".equals(request.getMethod())) {
            response.setHeader("Allow", "POST");
            JsonAnswers.send(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, JsonAnswers.error("method_not_allowed",
                    request.getMethod() + " is not allowed here; use POST"));
            return;
        }
        boolean dry = "true".equalsIgnoreCase(request.getParameter("dry_run"));
        RebalanceResult r;
        try {
            r = dry ? dryRun.get() : rebalance.apply(requestedBy(request));
        } catch (RuntimeException e) {
            log("rebalance failed", e);
            JsonAnswers.send(response, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, JsonAnswers.error("rebalance_failed", e.toString()));
            return;
        }
        switch (r.outcome()) {
            case APPLIED, PLANNED -> JsonAnswers.send(response, HttpServletResponse.SC_OK, r.toJson());
            case NOT_LEADER -> forwarding.forward(request, response, "this instance is not the leader");
            case NOT_READY -> {
                response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
                JsonAnswers.send(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                        JsonAnswers.error("not_ready", r.error().orElse("not ready")));
            }
            case FAILED -> JsonAnswers.send(response, HttpServletResponse.SC_INTERNAL_SERVER_ERROR,
                    JsonAnswers.error("rebalance_failed", r.error().orElse("failed")));
            default -> throw new IllegalStateException("unknown outcome " + r.outcome());
        }
    }

    static String requestedBy(HttpServletRequest request) {
        String user = request.getRemoteUser();
        return user == null || user.isBlank() ? "anonymous" : user;
    }
}
