package org.dtablecluster.proxy;

import java.net.URI;

/** Builds the URL a request is forwarded to. */
public final class TargetUrls {

    private TargetUrls() {
    }

    /**
     * {@code localNodeUrl} joined with the client's path and query, both kept as sent (still
     * encoded). The node URL may carry a path prefix, with or without a trailing slash:
     * {@code http://host:8080/base/} + {@code /dtables/x} is {@code http://host:8080/base/dtables/x}.
     *
     * @throws IllegalArgumentException when {@code localNodeUrl} is not an absolute http(s) URL
     */
    public static String join(URI localNodeUrl, String path, String query) {
        String scheme = localNodeUrl.getScheme();
        String authority = localNodeUrl.getRawAuthority();
        if (scheme == null || authority == null
                || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw new IllegalArgumentException("local_node_url " + localNodeUrl + " is not an absolute http(s) URL");
        }
        String prefix = localNodeUrl.getRawPath() == null ? "" : localNodeUrl.getRawPath();
        int prefixEnd = prefix.length();
        while (prefixEnd > 0 && prefix.charAt(prefixEnd - 1) == '/') {
            prefixEnd--;
        }
        StringBuilder url = new StringBuilder(scheme.length() + authority.length() + prefixEnd + path.length()
                + (query == null ? 0 : query.length()) + 8);
        url.append(scheme).append("://").append(authority).append(prefix, 0, prefixEnd);
        if (path.isEmpty() || path.charAt(0) != '/') {
            url.append('/');
        }
        url.append(path);
        if (query != null) {
            url.append('?').append(query);
        }
        return url.toString();
    }
}
