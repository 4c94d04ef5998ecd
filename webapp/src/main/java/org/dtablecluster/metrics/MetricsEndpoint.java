package org.dtablecluster.metrics;

import static java.util.Objects.requireNonNull;

import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import java.util.EnumSet;
import org.dtablecluster.ClusterRuntime;
import org.dtablecluster.config.Role;
import org.dtablecluster.proxy.PortRoleFilter;

/**
 * Puts {@code GET /metrics} in a web application: the collectors of the roles {@code runtime}
 * runs, the JVM's, the servlet, and (with the proxy role) the filter that times proxied requests.
 * The admin endpoints call it and guard the servlet like their other reads.
 */
public final class MetricsEndpoint {

    /** The servlet's name, for the admin guard. */
    public static final String SERVLET = "admin-metrics";
    static final String TIMING_FILTER = "proxy-timing";

    private MetricsEndpoint() {
    }

    public static void register(ServletContext context, ClusterRuntime runtime) {
        requireNonNull(context, "context is null");
        ClusterMetrics metrics = runtime.metrics();
        ViewCollectors.register(metrics, runtime.view(), System::nanoTime);
        if (runtime.config().has(Role.PROXY)) {
            ProxyCollectors.register(metrics, runtime.proxyMetrics());
            if (context.getServletRegistration(PortRoleFilter.DEFAULT_PROXY_SERVLET) != null) {
                FilterRegistration.Dynamic timing = context.addFilter(TIMING_FILTER,
                        new ProxyTimingFilter(new ProxyRequests(metrics)));
                timing.setAsyncSupported(true);
                timing.addMappingForServletNames(EnumSet.of(DispatcherType.REQUEST, DispatcherType.FORWARD), true,
                        PortRoleFilter.DEFAULT_PROXY_SERVLET);
            }
        }
        runtime.monitor().ifPresent(m -> MonitorCollectors.register(metrics, m::status, m::recentRuns));
        runtime.nodeAgent().ifPresent(n -> NodeCollectors.register(metrics, n.nodeId(), n::status,
                n::lastAckedKeepAliveSentNanos, System::nanoTime));
        JvmMetrics.builder().register(metrics.registry());
        context.addServlet(SERVLET, new MetricsServlet(metrics.registry())).addMapping("/metrics", "/metrics/");
    }
}
