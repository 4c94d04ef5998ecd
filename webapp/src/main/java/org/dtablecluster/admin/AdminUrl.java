package org.dtablecluster.admin;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.dtablecluster.proxy.PortRoleFilter;

/**
 * Where this process's admin port is reachable from the other proxies: {@code admin_advertise_url}
 * when set, else {@code http://<host>:<port>/} with the port of {@value PortRoleFilter#ADMIN_PORT}
 * (5555) and the host of {@value #ADMIN_HOST} when it names one address, else this machine's host
 * name (the admin connector listens on every address then).
 */
public final class AdminUrl {

    /** The system property the admin connector's host is read from. */
    public static final String ADMIN_HOST = "dtable.cluster.admin.host";

    private AdminUrl() {
    }

    public static String of(Optional<URI> advertised) {
        return of(advertised, System::getProperty, localHostName());
    }

    static String of(Optional<URI> advertised, UnaryOperator<String> properties, String hostName) {
        if (advertised.isPresent()) {
            String u = advertised.get().toString();
            return u.endsWith("/") ? u : u + "/";
        }
        String port = properties.apply(PortRoleFilter.ADMIN_PORT);
        port = port == null || port.isBlank() ? "5555" : port.trim();
        String host = properties.apply(ADMIN_HOST);
        host = host == null || host.isBlank() || host.equals("0.0.0.0") || host.equals("::") ? hostName : host.trim();
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + port + "/";
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
