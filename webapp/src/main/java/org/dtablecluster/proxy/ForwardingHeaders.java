package org.dtablecluster.proxy;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The forwarding headers the proxy writes. A client's own forwarding headers are claims nobody
 * checked, so they are dropped, and the proxy describes the connection it actually received;
 * callers reach the proxy directly, so there is no trusted proxy in front of it to honour.
 */
public final class ForwardingHeaders {

    /** Request headers that claim who the client is or how it connected; never passed on. */
    public static final List<String> CLIENT_CLAIMS = List.of(
            "Forwarded", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host",
            "X-Forwarded-Port", "X-Forwarded-Server", "X-Forwarded-Prefix", "X-Real-IP");

    /** {@link #CLIENT_CLAIMS} in lower case, to drop them in one pass over the headers. */
    static final Set<String> CLIENT_CLAIMS_LOWER_CASE = CLIENT_CLAIMS.stream()
            .map(name -> name.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());

    private ForwardingHeaders() {
    }

    /**
     * An RFC 7239 {@code Forwarded} element. Jetty's own quotes what needs quoting but leaves IPv6
     * addresses unbracketed, which RFC 7239 parsers reject.
     */
    public static String forwarded(String by, String forAddress, String host, String proto) {
        StringBuilder value = new StringBuilder(96);
        value.append("by=").append(parameter(node(by)));
        value.append(";for=").append(parameter(node(forAddress)));
        if (host != null && !host.isEmpty()) {
            value.append(";host=").append(parameter(host));
        }
        value.append(";proto=").append(parameter(proto));
        return value.toString();
    }

    /** An address for {@code X-Forwarded-For}: IPv6 without brackets, as that header has it. */
    public static String xForwardedFor(String address) {
        if (address == null || address.isEmpty()) {
            return "unknown";
        }
        return address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
    }

    /** An RFC 7239 node name: IPv6 in brackets, "unknown" when there is none. */
    static String node(String address) {
        if (address == null || address.isEmpty()) {
            return "unknown";
        }
        if (address.indexOf(':') >= 0 && !address.startsWith("[")) {
            return "[" + address + "]";
        }
        return address;
    }

    /** A token when it is one, else a quoted-string. Runs on every request: no stream, no copy. */
    static String parameter(String value) {
        if (isToken(value)) {
            return value;
        }
        StringBuilder quoted = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                quoted.append('\\');
            }
            quoted.append(c);
        }
        return quoted.append('"').toString();
    }

    private static boolean isToken(String value) {
        if (value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (!isTokenChar(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isTokenChar(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }
}
