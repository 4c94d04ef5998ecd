package org.dtablecluster.admin;

import static java.util.Objects.requireNonNull;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.dtablecluster.JsonAnswers;
import org.dtablecluster.monitor.Monitor;
import org.dtablecluster.monitor.OperatorCommand;
import org.dtablecluster.monitor.OperatorResult;

/**
 * {@code POST /nodes/{node_id}/drain} and {@code /undrain}, {@code PUT} and {@code DELETE
 * /buckets/{xx}/pin}: the request becomes an {@link OperatorCommand} ({@link OperatorRequests}),
 * the monitor executes it ({@link Monitor#operate}), and its {@link OperatorResult} is the answer:
 * 200 with the moves; 409 {@code refused} with the reason (a pin to a drained, dead or unknown
 * node, draining the last live node); 404 {@code unknown_node}; 400 for a bad node id, bucket or
 * body; on a proxy that does not lead, the leader's answer ({@link LeaderForwarding}); 503
 * {@code not_ready} with {@code Retry-After}; 500 {@code failed}.
 */
public final class OperatorServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient Function<OperatorCommand, OperatorResult> operate;
    private final transient LeaderForwarding forwarding;

    public OperatorServlet(Monitor monitor) {
        this(requireNonNull(monitor, "monitor is null")::operate, LeaderForwarding.of(monitor));
    }

    OperatorServlet(Function<OperatorCommand, OperatorResult> operate, LeaderForwarding forwarding) {
        this.operate = requireNonNull(operate, "operate is null");
        this.forwarding = forwarding;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String body = readBody(request);
        if (body == null) {
            JsonAnswers.send(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, JsonAnswers.error("too_large",
                    "operator requests are limited to " + OperatorRequests.MAX_BODY_BYTES + " bytes"));
            return;
        }
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        OperatorRequests.Parsed parsed = OperatorRequests.parse(request.getMethod(), path,
                request.getParameter("dry_run"), body, who(request));
        if (parsed instanceof OperatorRequests.Refusal r) {
            r.allow().ifPresent(a -> response.setHeader("Allow", a));
            JsonAnswers.send(response, r.status(), JsonAnswers.error(r.error(), r.message()));
            return;
        }
        OperatorResult result;
        try {
            result = operate.apply(((OperatorRequests.Command) parsed).command());
        } catch (RuntimeException e) {
            log("operator request failed", e);
            JsonAnswers.send(response, HttpServletResponse.SC_INTERNAL_SERVER_ERROR,
                    JsonAnswers.error("failed", e.toString()));
            return;
        }
        if (result.status() == OperatorResult.Status.NOT_LEADER && forwarding != null) {
            forwarding.forward(request, body.getBytes(StandardCharsets.UTF_8), response,
                    "this instance is not the leader");
            return;
        }
        if (result.status() == OperatorResult.Status.NOT_READY) {
            response.setHeader("Retry-After", RebalanceServlet.RETRY_AFTER_SECONDS);
        }
        JsonAnswers.send(response, result.status().httpStatus(), result.toJson());
    }

    /** The user when one logged in, else where the request came from. */
    private static String who(HttpServletRequest request) {
        return request.getRemoteUser() != null ? request.getRemoteUser() : "admin port " + request.getRemoteAddr();
    }

    /** The body as text; null when longer than the limit. */
    private static String readBody(HttpServletRequest request) throws IOException {
        try (InputStream in = request.getInputStream()) {
            byte[] bytes = in.readNBytes(OperatorRequests.MAX_BODY_BYTES + 1);
            return bytes.length > OperatorRequests.MAX_BODY_BYTES ? null : new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
