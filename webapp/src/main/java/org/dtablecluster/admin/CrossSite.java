package org.dtablecluster.admin;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Recognises requests a browser sends on behalf of another site: with cached BASIC credentials,
 * a page elsewhere could otherwise make an operator's browser rebalance the cluster or call
 * Jolokia. Browsers say where a request comes from ({@code Sec-Fetch-Site}, {@code Origin});
 * curl and scripts send neither and pass.
 */
final class CrossSite {

    private CrossSite() {
    }

    static boolean isCrossSite(HttpServletRequest request) {
        return isCrossSite(request.getHeader("Sec-Fetch-Site"), request.getHeader("Origin"),
                request.getHeader("Host"));
    }

    /** From the request's {@code Sec-Fetch-Site}, {@code Origin} and {@code Host} headers (each may be null). */
    static boolean isCrossSite(String fetchSite, String origin, String host) {
        if (fetchSite != null && !fetchSite.equalsIgnoreCase("same-origin") && !fetchSite.equalsIgnoreCase("none")) {
            return true;
        }
        return origin != null && !sameAuthority(origin, host);
    }

    private static boolean sameAuthority(String origin, String host) {
        if (host == null) {
            return false;
        }
        try {
            URI o = new URI(origin.trim());
            if (o.getScheme() == null || o.getRawAuthority() == null) {
                return false;
            }
            String scheme = o.getScheme().toLowerCase(Locale.ROOT);
            return withoutDefaultPort(scheme, o.getRawAuthority()).equals(withoutDefaultPort(scheme, host.trim()));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static String withoutDefaultPort(String scheme, String authority) {
        String a = authority.toLowerCase(Locale.ROOT);
        String defaultPort = "https".equals(scheme) ? ":443" : ":80";
        return a.endsWith(defaultPort) ? a.substring(0, a.length() - defaultPort.length()) : a;
    }
}
