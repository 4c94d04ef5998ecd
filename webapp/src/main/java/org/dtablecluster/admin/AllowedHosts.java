package org.dtablecluster.admin;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.dtablecluster.config.ConfigKey;

/**
 * Which {@code Host} headers the admin port answers, against DNS rebinding: a page on
 * {@code evil.example} whose name is re-pointed at the proxy would otherwise be "same-origin"
 * with the admin port in the victim's browser, and could read {@code /status} or POST
 * {@code /rebalance/}. A rebinding request always carries the attacker's name in {@code Host}.
 *
 * <p>With {@code admin_allowed_hosts} set: exactly those names ({@code *} any,
 * {@code *.example.com} its subdomains). Unset, the default allows what an operator types and
 * an attacker cannot own: IP addresses, {@code localhost}, names without a dot (such as
 * {@code proxy} in {@code curl -X POST http://proxy:5555/rebalance/}, or a docker-compose
 * service), and this machine's own host names. A request without {@code Host} (HTTP/1.0) is
 * allowed: browsers always send one.
 */
final class AllowedHosts {

    private final Optional<Set<String>> configured;
    private final Set<String> machineNames;

    private AllowedHosts(Optional<Set<String>> configured, Set<String> machineNames) {
        this.configured = requireNonNull(configured, "configured is null");
        this.machineNames = Set.copyOf(machineNames);
    }

    /** {@code configured}, else the default rule with {@code machineNames} (lowercase). */
    static AllowedHosts of(Optional<List<String>> configured, Set<String> machineNames) {
        return new AllowedHosts(configured.map(Set::copyOf), machineNames);
    }

    /** The default rule with this machine's names, as the JVM resolves them. */
    static AllowedHosts of(Optional<List<String>> configured) {
        Set<String> names = new HashSet<>();
        try {
            InetAddress local = InetAddress.getLocalHost();
            names.add(local.getHostName().toLowerCase(Locale.ROOT));
            names.add(local.getCanonicalHostName().toLowerCase(Locale.ROOT));
        } catch (UnknownHostException e) {
            // the default rule still allows addresses, localhost and single-label names
        }
        return of(configured, names);
    }

    boolean allows(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return true;
        }
        String host = hostOf(hostHeader.strip().toLowerCase(Locale.ROOT));
        if (configured.isPresent()) {
            Set<String> names = configured.get();
            return names.contains("*") || names.contains(host) || names.stream()
                    .anyMatch(n -> n.startsWith("*.") && host.endsWith(n.substring(1)) && host.length() > n.length() - 1);
        }
        return host.startsWith("[") || host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}") || host.equals("localhost")
                || host.endsWith(".localhost") || !host.contains(".") || machineNames.contains(host);
    }

    /** The refusal's message. */
    static String refusal(String hostHeader) {
        return "the admin port does not answer for Host \"" + hostHeader + "\" (a guard against DNS rebinding);"
                + " use its IP address, or list the name in " + ConfigKey.ADMIN_ALLOWED_HOSTS.path();
    }

    /** The host without port and trailing dot: {@code [::1]:5555} → {@code [::1]}. */
    private static String hostOf(String authority) {
        int end = authority.length();
        int colon = authority.lastIndexOf(':');
        if (colon > authority.lastIndexOf(']')) {
            end = colon;
        }
        String host = authority.substring(0, end);
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }

    @Override
    public String toString() {
        return configured.map(names -> "admin_allowed_hosts " + names)
                .orElse("default (IP addresses, localhost, names without a dot, " + machineNames + ")");
    }
}
