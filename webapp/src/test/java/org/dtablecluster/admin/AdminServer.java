package org.dtablecluster.admin;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import org.dtablecluster.proxy.PortRoleFilter;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.authentication.BasicAuthenticator;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.resource.ResourceFactory;

/**
 * The admin side of a dtable-cluster process in miniature: a real Jetty with an admin connector
 * and another one, the container's BASIC login against a realm file (as the context XML sets it
 * up), a stand-in {@code POST /rebalance/} servlet that counts calls, and the admin endpoints
 * registered by a listener exactly as the WAR's listener does.
 */
final class AdminServer implements AutoCloseable {

    private final Server server = new Server();
    private final ServerConnector admin;
    private final ServerConnector other;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final AtomicInteger rebalances = new AtomicInteger();
    /** What the stand-in drain and pin endpoints were asked. */
    final java.util.List<org.dtablecluster.monitor.OperatorCommand> commands =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    private AdminServer(Path realm, AdminSources sources) throws Exception {
        admin = connector();
        other = connector();
        ServletContextHandler context = new ServletContextHandler("/", ServletContextHandler.SECURITY);
        context.setInitParameter(PortRoleFilter.ADMIN_PORT, Integer.toString(admin.getLocalPort()));
        context.setInitParameter(AdminAccess.REALM_PARAMETER, realm.toString());
        HashLoginService login = new HashLoginService(AdminAccess.REALM_NAME);
        login.setConfig(ResourceFactory.root().newResource(realm));
        context.getSecurityHandler().setLoginService(login);
        context.getSecurityHandler().setAuthenticator(new BasicAuthenticator());
        ServletHolder rebalance = new ServletHolder(AdminEndpoints.REBALANCE_SERVLET, new HttpServlet() {
            @Override
            protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
                rebalances.incrementAndGet();
                response.setContentType("application/json");
                response.getWriter().print("{\"moved\": 0}");
            }
        });
        context.addServlet(rebalance, "/rebalance/*");
        context.addEventListener(new ServletContextListener() {
            @Override
            public void contextInitialized(ServletContextEvent event) {
                AdminEndpoints.registerOperator(event.getServletContext(), new OperatorServlet(c -> {
                    commands.add(c);
                    return org.dtablecluster.monitor.OperatorResult.done(c, true,
                            org.dtablecluster.monitor.RebalanceResult.done(
                                    org.dtablecluster.monitor.RebalanceResult.Outcome.APPLIED, java.util.List.of(),
                                    java.util.Map.of(), "proxy-01:1", 0));
                }, null));
                AdminEndpoints.register(event.getServletContext(), sources,
                        AdminAccess.load(event.getServletContext()::getInitParameter), JolokiaAgent.CLASSPATH_POLICY);
            }
        });
        server.setHandler(context);
        server.setStopTimeout(0);
    }

    static AdminServer start(Path realm, AdminSources sources) throws Exception {
        AdminServer s = new AdminServer(realm, sources);
        try {
            s.server.start();
        } catch (Exception e) {
            s.close();
            throw e;
        }
        return s;
    }

    private ServerConnector connector() throws IOException {
        ServerConnector c = new ServerConnector(server, 1, 1);
        c.setHost("127.0.0.1");
        c.setPort(0);
        c.open(); // bound now, so the admin port is known before the context starts
        server.addConnector(c);
        return c;
    }

    URI admin(String path) {
        return URI.create("http://127.0.0.1:" + admin.getLocalPort() + path);
    }

    URI other(String path) {
        return URI.create("http://127.0.0.1:" + other.getLocalPort() + path);
    }

    HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(admin(path)).GET());
    }

    HttpResponse<String> get(String path, String user, String password) throws Exception {
        return send(HttpRequest.newBuilder(admin(path)).GET().header("Authorization", basic(user, password)));
    }

    HttpResponse<String> post(String path, String json, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(admin(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b);
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop Jetty", e);
        }
    }
}
