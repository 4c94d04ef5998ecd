package org.dtablecluster.admin;

import static java.util.Objects.requireNonNull;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.dtablecluster.BodyDrain;
import org.dtablecluster.JsonAnswers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guards the admin servlets (map it to them by servlet name, REQUEST dispatch):
 *
 * <ol>
 *   <li>they answer only for an allowed {@code Host} ({@link AllowedHosts}; 403
 *       {@code host_not_allowed}), against DNS rebinding;</li>
 *   <li>they answer on the admin port only (404 elsewhere), also in a process without the proxy
 *       role, where no {@code PortRoleFilter} keeps the ports apart;</li>
 *   <li>admin writes ({@code POST /rebalance/}, drain, undrain, pin, unpin:
 *       {@link AdminEndpoints#isWrite}) and everything under {@code /jolokia/} refuse cross-site
 *       browser requests (403 {@code cross_site});</li>
 *   <li>Jolokia commands that change something ({@code exec}, {@code write}, ...) need an
 *       authenticated user with role {@value AdminAccess#ADMIN_ROLE}, always;</li>
 *   <li>when an admin password is configured ({@link AdminAccess#isProtected()}), so do
 *       the admin writes and Jolokia reads.</li>
 * </ol>
 *
 * Authentication itself is the container's: BASIC against the login service of the context XML,
 * asked through {@link HttpServletRequest#getUserPrincipal()}. Declarative security constraints
 * cannot depend on whether a password is configured, hence this filter. Answers are JSON
 * ({@code unauthorized} 401 with a BASIC challenge, {@code forbidden} 403).
 */
final class AdminGuardFilter implements Filter {

    private static final Logger LOG = LoggerFactory.getLogger(AdminGuardFilter.class);

    private final AdminAccess access;
    private final int adminPort;
    private final AllowedHosts hosts;

    AdminGuardFilter(AdminAccess access, int adminPort, AllowedHosts hosts) {
        this.access = requireNonNull(access, "access is null");
        this.adminPort = adminPort;
        this.hosts = requireNonNull(hosts, "hosts is null");
    }

    @Override
    public void init(FilterConfig config) {
        // configured through the constructor
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse resp, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) resp;
        if (request.getLocalPort() != adminPort) {
            JsonAnswers.send(response, HttpServletResponse.SC_NOT_FOUND, JsonAnswers.error("not_found",
                    request.getRequestURI() + " answers on the admin port (" + adminPort + ") only"));
            return;
        }
        String host = request.getHeader("Host");
        if (!hosts.allows(host)) {
            LOG.info("[admin] refused {} {} from {}: Host {} is not allowed ({})", request.getMethod(),
                    request.getRequestURI(), request.getRemoteAddr(), host, hosts);
            JsonAnswers.send(response, HttpServletResponse.SC_FORBIDDEN, JsonAnswers.error("host_not_allowed",
                    AllowedHosts.refusal(host)));
            return;
        }
        String servlet = request.getHttpServletMapping().getServletName();
        if (AdminEndpoints.JOLOKIA_SERVLET.equals(servlet)) {
            jolokia(request, response, chain);
        } else if (AdminEndpoints.isWrite(servlet, request.getMethod())) {
            if (CrossSite.isCrossSite(request)) {
                refuseCrossSite(request, response);
            } else if (!access.isProtected() || isAdmin(request, response)) {
                chain.doFilter(request, response);
            }
        } else {
            chain.doFilter(request, response);
        }
    }

    private void jolokia(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (CrossSite.isCrossSite(request)) {
            refuseCrossSite(request, response);
            return;
        }
        HttpServletRequest forward = request;
        boolean onlyReads;
        switch (request.getMethod()) {
            case "GET", "HEAD" -> onlyReads = JolokiaCommands.getOnlyReads(request.getPathInfo(),
                    request.getParameter("p"));
            case "POST" -> {
                BufferedBodyRequest buffered = BufferedBodyRequest.read(request);
                if (buffered == null) {
                    BodyDrain.thenAnswer(request, response, r -> JsonAnswers.send(r,
                            HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, JsonAnswers.error("too_large",
                                    "Jolokia requests are limited to " + BufferedBodyRequest.MAX_BODY_BYTES + " bytes")));
                    return;
                }
                forward = buffered;
                onlyReads = JolokiaCommands.postOnlyReads(buffered.body());
            }
            default -> onlyReads = true; // OPTIONS (CORS preflight) runs nothing; Jolokia answers 405 to the rest
        }
        if ((onlyReads && !access.isProtected()) || isAdmin(request, response)) {
            chain.doFilter(forward, response);
        }
    }

    /** True for an authenticated admin; otherwise answers 401 or 403 and returns false. */
    private boolean isAdmin(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!access.isProtected()) {
            challenge(request, response, "this needs an admin user, and none is configured: add one with role "
                    + AdminAccess.ADMIN_ROLE + " to " + access.realmSource());
            return false;
        }
        if (request.getUserPrincipal() == null) {
            challenge(request, response, "this needs the credentials of a user with role " + AdminAccess.ADMIN_ROLE
                    + " (HTTP BASIC)");
            return false;
        }
        if (!request.isUserInRole(AdminAccess.ADMIN_ROLE)) {
            LOG.info("[admin] refused {} {} from {}: user {} lacks role {}", request.getMethod(),
                    request.getRequestURI(), request.getRemoteAddr(), request.getUserPrincipal().getName(),
                    AdminAccess.ADMIN_ROLE);
            JsonAnswers.send(response, HttpServletResponse.SC_FORBIDDEN, JsonAnswers.error("forbidden",
                    "user " + request.getUserPrincipal().getName() + " lacks role " + AdminAccess.ADMIN_ROLE));
            return false;
        }
        return true;
    }

    private static void challenge(HttpServletRequest request, HttpServletResponse response, String message)
            throws IOException {
        LOG.info("[admin] refused {} {} from {}: not authenticated", request.getMethod(), request.getRequestURI(),
                request.getRemoteAddr());
        response.setHeader("WWW-Authenticate", "Basic realm=\"" + AdminAccess.REALM_NAME + "\", charset=\"UTF-8\"");
        JsonAnswers.send(response, HttpServletResponse.SC_UNAUTHORIZED, JsonAnswers.error("unauthorized", message));
    }

    private static void refuseCrossSite(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        LOG.info("[admin] refused cross-site {} {} from {} (Origin {}, Sec-Fetch-Site {})", request.getMethod(),
                request.getRequestURI(), request.getRemoteAddr(), request.getHeader("Origin"),
                request.getHeader("Sec-Fetch-Site"));
        JsonAnswers.send(response, HttpServletResponse.SC_FORBIDDEN, JsonAnswers.error("cross_site",
                "admin writes and /jolokia/ are refused to pages of other sites; use curl or this port's own page"));
    }
}
