import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Jetty's leanest reverse proxy, as a reference for bench/peers-bench: the core (non-servlet)
 * {@code ProxyHandler.Reverse} of the same Jetty the WAR runs on, with Jetty's defaults, sending
 * every request to one backend. No routing, no ownership checks, no metrics, no servlet layer: what
 * proxying costs on Jetty before dtable-cluster adds anything.
 *
 *   java -cp "$JETTY_HOME/lib/*:$JETTY_HOME/lib/logging/*" bench/src/JettyReverseProxy.java PORT BACKEND_PORT
 */
public final class JettyReverseProxy {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int backendPort = Integer.parseInt(args[1]);
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new ProxyHandler.Reverse(request ->
                HttpURI.build(request.getHttpURI()).scheme("http").host("127.0.0.1").port(backendPort)));
        server.start();
        server.join();
    }
}
