package org.dtablecluster.proxy;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ListIterator;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;

/** The forwarding headers of a request to a dtable-server ({@link ForwardingHeaders} spells them). */
final class ProxyRequestHeaders {

    private ProxyRequestHeaders() {
    }

    /** Drops the client's own {@code Forwarded}, {@code X-Forwarded-*} and {@code X-Real-IP}. */
    static void dropClientClaims(Request proxyRequest) {
        // One pass over the copied headers, not one per claim header name.
        proxyRequest.headers(headers -> {
            for (ListIterator<HttpField> i = headers.listIterator(); i.hasNext(); ) {
                if (ForwardingHeaders.CLIENT_CLAIMS_LOWER_CASE.contains(i.next().getLowerCaseName())) {
                    i.remove();
                }
            }
        });
    }

    /** Adds {@code Forwarded} and {@code X-Forwarded-*} describing the connection the proxy received. */
    static void addForwarded(HttpServletRequest clientRequest, Request proxyRequest) {
        String host = clientRequest.getHeader("Host");
        String scheme = clientRequest.getScheme();
        String remote = clientRequest.getRemoteAddr(); // Jetty formats it anew on every call
        String forwarded = ForwardingHeaders.forwarded(clientRequest.getLocalAddr(), remote, host, scheme);
        String forwardedFor = ForwardingHeaders.xForwardedFor(remote);
        proxyRequest.headers(headers -> {
            headers.put(HttpHeader.FORWARDED, forwarded);
            headers.put(HttpHeader.X_FORWARDED_FOR, forwardedFor);
            headers.put(HttpHeader.X_FORWARDED_PROTO, scheme);
            if (host != null) {
                headers.put(HttpHeader.X_FORWARDED_HOST, host);
            }
        });
    }

    /** The request's path below the context path, as the router reads it. */
    static String pathInContext(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String contextPath = request.getContextPath();
        return contextPath.isEmpty() ? uri : uri.substring(contextPath.length());
    }
}
