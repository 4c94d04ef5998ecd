package org.dtablecluster.admin;

import static java.util.Objects.requireNonNull;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** {@code GET /} on the admin port: the page for people ({@link StatusPage}). */
final class StatusPageServlet extends ReadOnlyServlet {

    private static final long serialVersionUID = 1L;

    private final transient AdminSources sources;

    StatusPageServlet(AdminSources sources) {
        this.sources = requireNonNull(sources, "sources is null");
    }

    @Override
    protected void doRead(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String host = request.getHeader("Host");
        byte[] html = StatusPage.render(sources.report(), sources.timeline(), request.getContextPath(),
                host == null ? request.getServerName() + ":" + request.getServerPort() : host)
                .getBytes(StandardCharsets.UTF_8);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("text/html");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "no-store");
        // Nothing on the page is fetched or run from elsewhere; say so to the browser too.
        response.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; "
                + "frame-ancestors 'none'; form-action 'none'");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentLength(html.length);
        response.getOutputStream().write(html);
    }
}
