package org.dtablecluster.tunnel;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.dtablecluster.proxy.ForwardingHeaders;

/** What a WebSocket upgrade request is, and what of it the owner gets. */
final class UpgradeRequests {

    /**
     * Never copied to the owner: hop-by-hop headers, the handshake's own (the tunnel's client
     * makes its own handshake with the owner), {@code Host} (the owner sees its own; the client's is
     * in {@code X-Forwarded-Host}, as for HTTP), and the forwarding claims the proxy replaces.
     */
    private static final Set<String> NOT_FORWARDED = lowerCase(List.of(
            "Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authorization", "Proxy-Authenticate", "TE",
            "Trailer", "Transfer-Encoding", "Upgrade", "Host", "Content-Length", "Sec-WebSocket-Key",
            "Sec-WebSocket-Version", "Sec-WebSocket-Extensions", "Sec-WebSocket-Protocol", "Sec-WebSocket-Accept"));

    private UpgradeRequests() {
    }

    /** True when the client asks for WebSocket ({@code Upgrade: websocket}), well-formed or not. */
    static boolean asksForWebSocket(HttpServletRequest request) {
        return hasToken(request.getHeader("Upgrade"), "websocket");
    }

    /** Why this is not a valid RFC 6455 opening handshake, or {@code null} when it is. */
    static String problem(String method, String protocol, String connection, String key, String version) {
        if (!"GET".equals(method)) {
            return "a WebSocket upgrade must be a GET, not " + method;
        }
        if (!"HTTP/1.1".equals(protocol)) {
            return "a WebSocket upgrade needs HTTP/1.1, not " + protocol;
        }
        if (!hasToken(connection, "upgrade")) {
            return "a WebSocket upgrade needs 'Connection: Upgrade'";
        }
        if (key == null || key.isBlank()) {
            return "a WebSocket upgrade needs a Sec-WebSocket-Key header";
        }
        if (!"13".equals(version == null ? null : version.trim())) {
            return "only Sec-WebSocket-Version 13 is supported, got " + version;
        }
        return null;
    }

    static String problem(HttpServletRequest request) {
        return problem(request.getMethod(), request.getProtocol(), request.getHeader("Connection"),
                request.getHeader("Sec-WebSocket-Key"), request.getHeader("Sec-WebSocket-Version"));
    }

    /** The subprotocols the client offers, in its order of preference. */
    static List<String> subProtocols(HttpServletRequest request) {
        List<String> protocols = new ArrayList<>();
        for (String header : Collections.list(request.getHeaders("Sec-WebSocket-Protocol"))) {
            for (String p : header.split(",")) {
                if (!p.isBlank()) {
                    protocols.add(p.trim());
                }
            }
        }
        return protocols;
    }

    /**
     * The headers the owner's handshake carries: the client's, less {@link #NOT_FORWARDED} and any
     * header its {@code Connection} names, plus the forwarding headers the HTTP proxy writes.
     */
    static Map<String, List<String>> forOwner(HttpServletRequest request) {
        Set<String> dropped = new java.util.HashSet<>(NOT_FORWARDED);
        dropped.addAll(lowerCase(ForwardingHeaders.CLIENT_CLAIMS));
        String connection = request.getHeader("Connection");
        if (connection != null) {
            for (String name : connection.split(",")) {
                dropped.add(name.trim().toLowerCase(Locale.ROOT));
            }
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            if (!dropped.contains(name.toLowerCase(Locale.ROOT))) {
                headers.put(name, Collections.list(request.getHeaders(name)));
            }
        }
        String host = request.getHeader("Host");
        String scheme = request.getScheme();
        headers.put("Forwarded", List.of(ForwardingHeaders.forwarded(
                request.getLocalAddr(), request.getRemoteAddr(), host, scheme)));
        headers.put("X-Forwarded-For", List.of(ForwardingHeaders.xForwardedFor(request.getRemoteAddr())));
        headers.put("X-Forwarded-Proto", List.of(scheme));
        if (host != null) {
            headers.put("X-Forwarded-Host", List.of(host));
        }
        return headers;
    }

    /** True when the owner's handshake answer header {@code name} may go to the client as well. */
    static boolean passesBack(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return !NOT_FORWARDED.contains(lower) && !lower.equals("date") && !lower.equals("server");
    }

    private static boolean hasToken(String header, String token) {
        if (header == null) {
            return false;
        }
        for (String part : header.split(",")) {
            if (part.trim().equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> lowerCase(List<String> names) {
        Set<String> set = new java.util.HashSet<>();
        names.forEach(n -> set.add(n.toLowerCase(Locale.ROOT)));
        return Set.copyOf(set);
    }
}
