package org.dtablecluster;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import java.util.EnumSet;
import org.dtablecluster.admin.AdminEndpoints;
import org.dtablecluster.admin.HistoryServlet;
import org.dtablecluster.admin.RebalanceServlet;
import org.dtablecluster.config.ClusterConfig;
import org.dtablecluster.config.ClusterConfigLoader;
import org.dtablecluster.config.Role;
import org.dtablecluster.jmx.ManagementBeans;
import org.dtablecluster.proxy.BucketProxyServlet;
import org.dtablecluster.proxy.PortRoleFilter;
import org.dtablecluster.tunnel.WebSocketTunnels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WAR's entry point: loads {@code dtable_server_config.json} (context init parameter or
 * system property {@code dtable.cluster.config}, else {@code DTABLE_SERVER_CONFIG}), starts the
 * {@link ClusterRuntime} and registers the servlets its roles need, its MBeans
 * ({@link ManagementBeans}) and the admin endpoints ({@link AdminEndpoints}). A bad
 * configuration throws, which stops the deployment with the configuration's own message.
 */
public final class DtableClusterListener implements ServletContextListener {

    private static final Logger LOG = LoggerFactory.getLogger(DtableClusterListener.class);

    private ClusterRuntime runtime;
    private ManagementBeans management;
    private WebSocketTunnels tunnels;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        ClusterConfig config;
        try {
            config = ClusterConfigLoader.load(context::getInitParameter);
            runtime = ClusterRuntime.start(config);
        } catch (RuntimeException e) {
            // One line an operator can act on: the file and key, or the unknown strategy and the
            // installed ones; Jetty's stack trace follows.
            LOG.error("dtable-cluster cannot start: {}", e.getMessage());
            throw e;
        }
        try {
            if (config.has(Role.PROXY)) {
                addProxy(context, runtime);
                tunnels = WebSocketTunnels.install(context, PortRoleFilter.DEFAULT_PROXY_SERVLET, runtime.view(),
                        config.tunnels(), config.proxy(), runtime.proxyMetrics());
            }
            runtime.monitor().ifPresent(monitor -> {
                ServletRegistration.Dynamic rebalance = context.addServlet("rebalance", new RebalanceServlet(monitor));
                rebalance.addMapping("/rebalance/", "/rebalance");
                context.addServlet(AdminEndpoints.HISTORY_SERVLET, new HistoryServlet(monitor))
                        .addMapping("/history", "/history/");
            });
            management = ManagementBeans.register(runtime);
            AdminEndpoints.register(context, runtime);
        } catch (RuntimeException | Error e) {
            contextDestroyed(event); // a failed start is not followed by contextDestroyed
            throw e;
        }
    }

    private static void addProxy(ServletContext context, ClusterRuntime runtime) {
        ServletRegistration.Dynamic proxy = context.addServlet(PortRoleFilter.DEFAULT_PROXY_SERVLET,
                new BucketProxyServlet(runtime.view(), runtime.config().proxy(), runtime.config().handoff(),
                        runtime.proxyMetrics()));
        proxy.setAsyncSupported(true);
        proxy.setLoadOnStartup(1);
        proxy.addMapping("/");
        FilterRegistration.Dynamic ports = context.addFilter("ports", new PortRoleFilter());
        ports.setAsyncSupported(true);
        ports.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (management != null) {
            management.close();
        }
        if (tunnels != null) {
            try {
                tunnels.close();
            } catch (Exception e) {
                LOG.warn("closing the WebSocket tunnels failed", e);
            }
        }
        if (runtime != null) {
            runtime.close();
        }
    }
}
