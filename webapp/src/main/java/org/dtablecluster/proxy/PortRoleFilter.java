package org.dtablecluster.proxy;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.dtablecluster.config.Ports;

/**
 * Keeps the two ports of the proxy process apart, by the local port each request arrived on
 * (inside a WAR, Jetty's connector objects are hidden, but the port is standard servlet API):
 * <ul>
 * <li>on the <b>proxy port</b> every request goes to the proxy servlet, whatever path it has, so
 *     no admin path is reachable and no admin mapping can shadow a dtable-server path;</li>
 * <li>on the <b>admin port</b> the proxy servlet is refused (404 {@code not_found}); admin
 *     servlets answer as mapped;</li>
 * <li>on any other port everything is refused (404 {@code unknown_port}), so a mis-wired
 *     connector fails closed instead of exposing admin paths.</li>
 * </ul>
 * Map it to {@code /*} for the REQUEST dispatcher type, with async support (the proxy servlet
 * is asynchronous).
 *
 * <p>Settings, each read once in {@link #init}: the filter init parameter, else the servlet
 * context init parameter, else the system property of the same name, else the default:
 * <ul>
 * <li>{@value #PROXY_PORT} (5550)</li>
 * <li>{@value #ADMIN_PORT} (5555)</li>
 * <li>{@value #PROXY_SERVLET} (filter init parameter only): the proxy servlet's name
 *     ({@value #DEFAULT_PROXY_SERVLET})</li>
 * </ul>
 */
public class PortRoleFilter implements Filter {

    public static final String PROXY_PORT = Ports.PROXY_PORT;
    public static final String ADMIN_PORT = Ports.ADMIN_PORT;
    public static final String PROXY_SERVLET = "proxyServlet";
    public static final String DEFAULT_PROXY_SERVLET = "proxy";

    private int proxyPort;
    private int adminPort;
    private String proxyServlet;
    private RequestDispatcher toProxy;

    @Override
    public void init(FilterConfig config) throws ServletException {
        Ports ports;
        try {
            ports = config.getInitParameter(PROXY_PORT) != null || config.getInitParameter(ADMIN_PORT) != null
                    ? Ports.read(name -> first(config.getInitParameter(name), config.getServletContext().getInitParameter(name),
                            System.getProperty(name)))
                    : ports(config.getServletContext());
        } catch (IllegalArgumentException e) {
            throw new ServletException(e.getMessage(), e);
        }
        proxyPort = ports.proxy();
        adminPort = ports.admin();
        String name = config.getInitParameter(PROXY_SERVLET);
        proxyServlet = name == null || name.isBlank() ? DEFAULT_PROXY_SERVLET : name.trim();
        toProxy = config.getServletContext().getNamedDispatcher(proxyServlet);
        if (toProxy == null) {
            throw new ServletException("filter init parameter " + PROXY_SERVLET + " names servlet '" + proxyServlet
                    + "', which this web application does not have");
        }
    }

    public int proxyPort() {
        return proxyPort;
    }

    public int adminPort() {
        return adminPort;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse resp, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) resp;
        int port = request.getLocalPort();
        boolean mappedToProxy = proxyServlet.equals(request.getHttpServletMapping().getServletName());
        if (port == proxyPort) {
            HttpServletRequest routed = LeadingSlashesRequest.of(request, response);
            if (mappedToProxy) {
                chain.doFilter(routed, response);
            } else {
                toProxy.forward(routed, response);
            }
        } else if (port == adminPort) {
            if (mappedToProxy) {
                refuse(response, "not_found", request.getRequestURI() + " is not an admin path; proxy traffic goes to port " + proxyPort);
            } else {
                chain.doFilter(request, response);
            }
        } else {
            refuse(response, "unknown_port", "port " + port + " is neither the proxy port (" + proxyPort
                    + ", " + PROXY_PORT + ") nor the admin port (" + adminPort + ", " + ADMIN_PORT + ")");
        }
    }

    private static void refuse(HttpServletResponse response, String code, String message) throws IOException {
        JsonErrors.send(response, HttpServletResponse.SC_NOT_FOUND, code, message, Map.of());
    }

    /**
     * The ports of this web application, read once: the first caller reads the context's init
     * parameters, then the system properties, and publishes the result for the others.
     *
     * @throws IllegalArgumentException naming the setting when one is not a port
     */
    public static Ports ports(ServletContext context) {
        if (context.getAttribute(Ports.ATTRIBUTE) instanceof Ports known) {
            return known;
        }
        Ports ports = Ports.read(name -> first(context.getInitParameter(name), System.getProperty(name)));
        context.setAttribute(Ports.ATTRIBUTE, ports);
        return ports;
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
