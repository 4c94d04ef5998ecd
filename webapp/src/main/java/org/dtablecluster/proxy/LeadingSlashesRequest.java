package org.dtablecluster.proxy;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A request whose URI began with {@code //}, seen with a single leading slash. Jetty 12.1's
 * {@code startAsync()} re-parses the request URI as a URI reference, and {@code //a;b/} is then
 * an authority ("Bad authority": a 500 from every asynchronous servlet, the proxy's included).
 * The proxy merges slashes anyway ({@link RequestPath}); this only does it for the leading ones
 * early enough. Requests not starting with {@code //} are passed on untouched.
 */
final class LeadingSlashesRequest extends HttpServletRequestWrapper {

    private final HttpServletResponse response;
    private final String uri;

    private LeadingSlashesRequest(HttpServletRequest request, HttpServletResponse response, String uri) {
        super(request);
        this.response = response;
        this.uri = uri;
    }

    /** {@code request} itself, unless its URI starts with {@code //}. */
    static HttpServletRequest of(HttpServletRequest request, HttpServletResponse response) {
        String uri = request.getRequestURI();
        if (uri == null || !uri.startsWith("//")) {
            return request;
        }
        int first = 1;
        while (first < uri.length() && uri.charAt(first) == '/') {
            first++;
        }
        return new LeadingSlashesRequest(request, response, uri.substring(first - 1));
    }

    @Override
    public String getRequestURI() {
        return uri;
    }

    /** With this request, so Jetty reads the merged URI, not the original one. */
    @Override
    public AsyncContext startAsync() {
        return startAsync(this, response);
    }
}
