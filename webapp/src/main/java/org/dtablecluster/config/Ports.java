package org.dtablecluster.config;

import java.util.function.UnaryOperator;

/**
 * The two ports of a proxy process, read once at start-up from the settings the WAR sees (a
 * deployed web application sees system properties, not {@code start.d} properties): 5550 carries
 * proxy traffic, 5555 the admin endpoints.
 *
 * @param proxy {@value #PROXY_PORT}
 * @param admin {@value #ADMIN_PORT}
 */
public record Ports(int proxy, int admin) {

    public static final String PROXY_PORT = "dtable.cluster.proxy.port";
    public static final String ADMIN_PORT = "dtable.cluster.admin.port";
    /** Where the listener publishes the ports it read, for the filters and endpoints of the WAR. */
    public static final String ATTRIBUTE = Ports.class.getName();

    public Ports {
        check(PROXY_PORT, proxy);
        check(ADMIN_PORT, admin);
        if (proxy == admin) {
            throw new IllegalArgumentException(PROXY_PORT + " and " + ADMIN_PORT + " must differ; both are " + proxy);
        }
    }

    /**
     * @param lookup a setting's text by name, or null when unset; the caller decides where from
     *     (init parameters, then system properties)
     * @throws IllegalArgumentException naming the setting when one is not a port
     */
    public static Ports read(UnaryOperator<String> lookup) {
        return new Ports(port(lookup, PROXY_PORT, 5550), port(lookup, ADMIN_PORT, 5555));
    }

    private static int port(UnaryOperator<String> lookup, String name, int defaultPort) {
        String value = lookup.apply(name);
        if (value == null || value.isBlank()) {
            return defaultPort;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a port in [1, 65535], was '" + value + "'", e);
        }
    }

    private static void check(String name, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(name + " must be a port in [1, 65535], was '" + port + "'");
        }
    }
}
