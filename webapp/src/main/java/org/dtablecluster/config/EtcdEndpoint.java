package org.dtablecluster.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * One {@code etcd_host_list} entry, normalised to {@code scheme://host:port}. Accepted forms:
 * {@code host}, {@code host:port}, {@code [ipv6]}, {@code [ipv6]:port} (all plain http) and
 * {@code http(s)://host[:port][/]}. The port defaults to 2379.
 *
 * <p>Host names may contain {@code _}: docker-compose names services {@code etcd_1}. Such a name
 * is not a host to {@link URI#getHost()} (RFC 2396 forbids {@code _}), so the URI keeps it as
 * its authority and the etcd client is given the authorities, not the hosts.
 */
final class EtcdEndpoint {

    static final int DEFAULT_PORT = 2379;

    private EtcdEndpoint() {
    }

    /**
     * @throws IllegalArgumentException saying what is wrong with the entry
     */
    static URI parse(String entry) {
        String authority = entry.strip();
        if (authority.isEmpty()) {
            throw new IllegalArgumentException("it is empty");
        }
        String scheme = "http";
        int separator = authority.indexOf("://");
        if (separator >= 0) {
            scheme = authority.substring(0, separator).toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalArgumentException("the scheme must be http or https");
            }
            authority = authority.substring(separator + 3);
            authority = authority.endsWith("/") ? authority.substring(0, authority.length() - 1) : authority;
        }
        if (authority.contains("@")) {
            throw new IllegalArgumentException("credentials belong in etcd_user and etcd_password");
        }
        if (authority.contains("/") || authority.contains("?") || authority.contains("#")) {
            throw new IllegalArgumentException("an etcd address has no path");
        }
        boolean bracketed = authority.startsWith("[");
        if (!bracketed && authority.indexOf(':') != authority.lastIndexOf(':')) {
            throw new IllegalArgumentException("write an IPv6 address in brackets, such as [::1]:2379");
        }
        int colon = bracketed ? authority.indexOf("]:") + 1 : authority.indexOf(':');
        boolean hasPort = bracketed ? colon > 0 : colon >= 0;
        String host = hasPort ? authority.substring(0, colon) : authority;
        String port = hasPort ? authority.substring(colon + 1) : null;
        if (host.isEmpty()) {
            throw new IllegalArgumentException("the host is missing");
        }
        return uri(scheme, host, port == null ? DEFAULT_PORT : port(port));
    }

    private static int port(String text) {
        int port = text.matches("[0-9]{1,5}") ? Integer.parseInt(text) : 0;
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("the port must be a number from 1 to 65535");
        }
        return port;
    }

    private static URI uri(String scheme, String host, int port) {
        try {
            URI uri = new URI(scheme + "://" + host + ":" + port);
            if (uri.getHost() != null || isHostNameWithUnderscore(host)) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new IllegalArgumentException("\"" + host + "\" is not a host name or IP address"
                + " (letters, digits, '-', '_' and '.'; IPv6 in brackets)");
    }

    /** Dot-separated labels of letters, digits, '-' and '_', not starting or ending with '-'. */
    private static boolean isHostNameWithUnderscore(String host) {
        return host.indexOf('_') >= 0 && host.length() <= 253
                && host.matches("([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)(\\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\\.?");
    }
}
