package org.dtablecluster.tunnel;

import static java.util.Objects.requireNonNull;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * In front of the proxy servlet: a request asking for a WebSocket upgrade becomes a tunnel (or
 * its JSON error); every other request goes on to the HTTP proxy. The port filter has already
 * kept admin-port requests away from the proxy servlet, and so from here.
 */
final class TunnelFilter implements Filter {

    private final TunnelOpener opener;

    TunnelFilter(TunnelOpener opener) {
        this.opener = requireNonNull(opener, "opener is null");
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse resp, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        if (UpgradeRequests.asksForWebSocket(request)) {
            opener.open(request, (HttpServletResponse) resp);
        } else {
            chain.doFilter(req, resp);
        }
    }
}
