package org.dtablecluster.config;

import java.net.URI;
import java.net.URISyntaxException;

/** Checks {@code node_url} and {@code local_node_url}; they are kept exactly as written. */
final class HttpUrl {

    private HttpUrl() {
    }

    /**
     * @throws IllegalArgumentException saying what is wrong with the URL
     */
    static URI parse(String text) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e.getReason() + " at index " + e.getIndex(), e);
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw new IllegalArgumentException("the scheme must be http or https");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("it has no valid host name"
                    + " (letters, digits, '-' and '.'; IPv6 in brackets)");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            throw new IllegalArgumentException("the port must be from 1 to 65535");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("it must not contain user:password@");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("it must not have a query or fragment");
        }
        return uri;
    }
}
