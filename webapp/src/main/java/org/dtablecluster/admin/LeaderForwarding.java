package org.dtablecluster.admin;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.dtablecluster.JsonAnswers;
import org.dtablecluster.monitor.LeaderInfo;
import org.dtablecluster.monitor.Monitor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands an admin write that reached a proxy which does not lead to the leader's admin port, and
 * answers with the leader's answer (status, body, {@code Content-Type}, {@code Retry-After}). The
 * client's {@code Authorization} goes along, so the leader checks the same credentials.
 *
 * <p>A forwarded request carries {@value #HEADER}; one that lands on another proxy that does not
 * lead (the leader changed meanwhile) is not forwarded again but answered 409 {@code not_leader}
 * naming the leader, so a loop is impossible. Without a known leader, or one that publishes no
 * admin URL, the answer is the same 409.
 */
public final class LeaderForwarding {

    /** Marks a request forwarded by another proxy; its value is that proxy's instance id. */
    public static final String HEADER = "X-Dtable-Cluster-Forwarded-By";
    static final int MAX_BODY_BYTES = 1 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(LeaderForwarding.class);

    private final Supplier<Optional<LeaderInfo>> leader;
    private final String self;
    private final HttpClient client;
    private final Duration timeout;

    /**
     * @param leader who leads now, as this process last saw it
     * @param self this instance's id, sent in {@value #HEADER}
     * @param timeout how long the leader may take to answer (a rebalance waits for its run)
     */
    public LeaderForwarding(Supplier<Optional<LeaderInfo>> leader, String self, Duration timeout) {
        this.leader = requireNonNull(leader, "leader is null");
        this.self = requireNonNull(self, "self is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Forwarding for {@code monitor}'s admin writes: to the leader it knows, 60 s at most. */
    public static LeaderForwarding of(Monitor monitor) {
        return new LeaderForwarding(monitor::leader, monitor.instanceId(), java.time.Duration.ofSeconds(60));
    }

    /** Forwards {@code request} to the leader, or answers 409 {@code not_leader} when it must not or cannot. */
    public void forward(HttpServletRequest request, HttpServletResponse response, String why) throws IOException {
        forward(request, null, response, why);
    }

    /**
     * The same, for a request whose body the caller read already.
     *
     * @param body the request's body, or null to read it from the request
     */
    public void forward(HttpServletRequest request, byte[] body, HttpServletResponse response, String why)
            throws IOException {
        Optional<LeaderInfo> l = leader.get();
        String forwardedBy = request.getHeader(HEADER);
        if (forwardedBy != null || l.isEmpty() || l.get().adminUrl().isEmpty() || l.get().id().equals(self)) {
            String reason = forwardedBy != null ? why + "; forwarded here by " + forwardedBy + ", not forwarded again"
                    : l.isEmpty() ? why + "; no leader is known right now"
                    : why + "; the leader " + l.get().id() + " publishes no admin URL";
            notLeader(response, reason, l);
            return;
        }
        URI target = target(l.get().adminUrl().get(), request);
        HttpRequest.Builder out = HttpRequest.newBuilder(target).timeout(timeout).header(HEADER, self)
                .method(request.getMethod(), body == null ? body(request) : body.length == 0
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        copy(request, out, "Authorization");
        copy(request, out, "Content-Type");
        copy(request, out, "Accept");
        HttpResponse<byte[]> answer;
        try {
            answer = client.send(out.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            LOG.warn("[admin leader={}] forwarding {} {} to {} failed: {}", l.get().id(), request.getMethod(),
                    request.getRequestURI(), target, e.toString());
            ObjectNode error = JsonAnswers.error("leader_unreachable", "this instance does not lead, and the leader "
                    + l.get().id() + " at " + l.get().adminUrl().get() + " did not answer: " + e.getMessage());
            error.put("leader", l.get().id());
            JsonAnswers.send(response, HttpServletResponse.SC_BAD_GATEWAY, error);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while forwarding to the leader", e);
        }
        LOG.info("[admin leader={}] forwarded {} {} from {}: {}", l.get().id(), request.getMethod(),
                request.getRequestURI(), request.getRemoteAddr(), answer.statusCode());
        response.setStatus(answer.statusCode());
        for (String header : new String[] {"Content-Type", "Retry-After", "WWW-Authenticate"}) {
            answer.headers().firstValue(header).ifPresent(v -> response.setHeader(header, v));
        }
        response.setHeader("X-Dtable-Cluster-Leader", l.get().id());
        response.getOutputStream().write(answer.body());
    }

    /** 409 {@code not_leader} with the leader's id, when one is known. */
    static void notLeader(HttpServletResponse response, String reason, Optional<LeaderInfo> leader) throws IOException {
        ObjectNode e = JsonAnswers.error("not_leader", reason);
        e.put("leader", leader.map(LeaderInfo::id).orElse(null));
        leader.flatMap(LeaderInfo::adminUrl).ifPresent(u -> e.put("leader_admin_url", u));
        JsonAnswers.send(response, HttpServletResponse.SC_CONFLICT, e);
    }

    static URI target(String base, HttpServletRequest request) {
        String path = request.getRequestURI();
        String query = request.getQueryString();
        return URI.create(base + (path.startsWith("/") ? path.substring(1) : path)
                + (query == null ? "" : "?" + query));
    }

    private static HttpRequest.BodyPublisher body(HttpServletRequest request) throws IOException {
        try (InputStream in = request.getInputStream()) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw new IOException("admin request body over " + MAX_BODY_BYTES + " bytes");
            }
            return bytes.length == 0 ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(bytes);
        }
    }

    private static void copy(HttpServletRequest from, HttpRequest.Builder to, String header) {
        String v = from.getHeader(header);
        if (v != null) {
            to.header(header, v);
        }
    }
}
