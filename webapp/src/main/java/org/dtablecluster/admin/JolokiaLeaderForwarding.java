package org.dtablecluster.admin;

import static java.util.Objects.requireNonNull;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.BooleanSupplier;

/**
 * On a proxy that does not lead, hands a Jolokia request that runs one of the Monitor MBean's
 * leader-only operations (rebalance, drain, undrain, pin, unpin) to the leader's {@code /jolokia/}
 * with the client's credentials, and answers with the leader's answer, as the admin writes are
 * ({@link LeaderForwarding}). Mapped after {@link AdminGuardFilter}, which has checked the user and
 * buffered a POST's body ({@link BufferedBodyRequest}). A JMX client over RMI carries no
 * credentials to pass on: it gets the MBean's {@code NOT_LEADER} answer naming the leader.
 */
final class JolokiaLeaderForwarding extends HttpFilter {

    private static final long serialVersionUID = 1L;

    private final transient BooleanSupplier leads;
    private final transient LeaderForwarding forwarding;

    JolokiaLeaderForwarding(BooleanSupplier leads, LeaderForwarding forwarding) {
        this.leads = requireNonNull(leads, "leads is null");
        this.forwarding = requireNonNull(forwarding, "forwarding is null");
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        byte[] body = request instanceof BufferedBodyRequest buffered ? buffered.body() : null;
        boolean leaderOnly = "POST".equals(request.getMethod())
                ? body != null && JolokiaCommands.postLeaderOnly(body)
                : JolokiaCommands.getLeaderOnly(request.getPathInfo())
                        || JolokiaCommands.getLeaderOnly(request.getParameter("p"));
        if (!leaderOnly || leads.getAsBoolean()) {
            chain.doFilter(request, response);
            return;
        }
        forwarding.forward(request, body == null ? new byte[0] : body, response, "this instance is not the leader");
    }
}
