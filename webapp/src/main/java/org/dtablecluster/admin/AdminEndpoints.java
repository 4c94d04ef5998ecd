package org.dtablecluster.admin;

import static java.util.Objects.requireNonNull;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.dtablecluster.ClusterRuntime;
import org.dtablecluster.metrics.MetricsEndpoint;
import org.dtablecluster.proxy.PortRoleFilter;

/**
 * Registers the admin port's endpoints in a web application, for every role:
 *
 * <ul>
 *   <li>{@code GET /}: the page for people ({@link StatusPage});</li>
 *   <li>{@code GET /status}: the same as JSON ({@link StatusJson});</li>
 *   <li>{@code GET /bases/{uuid}}: which node serves a base ({@link BaseLookupServlet});</li>
 *   <li>{@code /jolokia/*}: JMX over HTTP ({@link JolokiaAgent});</li>
 *   <li>{@code GET /metrics}: Prometheus metrics ({@link MetricsEndpoint});</li>
 * </ul>
 *
 * with the monitor role also {@code POST /nodes/{node_id}/drain} and {@code /undrain},
 * {@code PUT}/{@code DELETE /buckets/{xx}/pin} ({@link OperatorServlet}), and puts
 * {@link AdminGuardFilter} in front of them and of {@code POST /rebalance/} (the servlet named
 * {@value #REBALANCE_SERVLET}, registered by the listener when the monitor runs).
 * Call it after the proxy's {@link PortRoleFilter} is added, so that filter sees every request
 * first.
 */
public final class AdminEndpoints {

    /** The name the listener gives the {@code POST /rebalance/} servlet. */
    public static final String REBALANCE_SERVLET = "rebalance";
    /** The name the listener gives the {@code GET /history} servlet. */
    public static final String HISTORY_SERVLET = "history";
    static final String JOLOKIA_SERVLET = "jolokia";
    static final String PAGE_SERVLET = "admin-page";
    static final String STATUS_SERVLET = "admin-status";
    static final String BASES_SERVLET = "admin-bases";
    /** Drain, undrain, pin, unpin: every method it takes writes. */
    static final String OPERATOR_SERVLET = "admin-operator";

    private AdminEndpoints() {
    }

    /**
     * @throws java.io.UncheckedIOException when the admin realm file is configured but unreadable
     */
    public static void register(ServletContext context, ClusterRuntime runtime) {
        requireNonNull(runtime, "runtime is null");
        AllowedHosts hosts = AllowedHosts.of(runtime.config().admin().allowedHosts());
        MetricsEndpoint.register(context, runtime);
        runtime.monitor().ifPresent(monitor -> registerOperator(context, new OperatorServlet(monitor)));
        register(context, AdminSources.of(runtime), AdminAccess.load(context::getInitParameter),
                JolokiaAgent.policyLocation(System.getProperty("jetty.base")), hosts);
        // after the guard: the user is checked and a POST's body buffered before anything is forwarded
        runtime.monitor().ifPresent(monitor -> context.addFilter("jolokia-leader",
                new JolokiaLeaderForwarding(monitor::isLeader, LeaderForwarding.of(monitor)))
                .addMappingForServletNames(EnumSet.of(DispatcherType.REQUEST), true, JOLOKIA_SERVLET));
    }

    static void register(ServletContext context, AdminSources sources, AdminAccess access, String policyLocation) {
        register(context, sources, access, policyLocation, AllowedHosts.of(Optional.empty()));
    }

    static void register(ServletContext context, AdminSources sources, AdminAccess access, String policyLocation,
            AllowedHosts hosts) {
        requireNonNull(context, "context is null");
        context.addServlet(PAGE_SERVLET, new StatusPageServlet(sources)).addMapping("");
        context.addServlet(STATUS_SERVLET, new StatusServlet(sources)).addMapping("/status", "/status/");
        context.addServlet(BASES_SERVLET, new BaseLookupServlet(sources)).addMapping("/bases/*");
        JolokiaAgent.register(context, JOLOKIA_SERVLET, policyLocation);

        List<String> guarded = new ArrayList<>(List.of(PAGE_SERVLET, STATUS_SERVLET, BASES_SERVLET, JOLOKIA_SERVLET));
        for (String optional : List.of(REBALANCE_SERVLET, HISTORY_SERVLET, MetricsEndpoint.SERVLET, OPERATOR_SERVLET)) {
            if (context.getServletRegistration(optional) != null) {
                guarded.add(optional);
            }
        }
        FilterRegistration.Dynamic guard = context.addFilter("admin-guard",
                new AdminGuardFilter(access, PortRoleFilter.ports(context).admin(), hosts));
        guard.addMappingForServletNames(EnumSet.of(DispatcherType.REQUEST), true, guarded.toArray(String[]::new));
    }

    /** Maps the drain and pin endpoints; before {@link #register(ServletContext, AdminSources, AdminAccess, String)}. */
    static void registerOperator(ServletContext context, OperatorServlet servlet) {
        context.addServlet(OPERATOR_SERVLET, servlet).addMapping("/nodes/*", "/buckets/*");
    }

    /** Whether a request to {@code servlet} with {@code method} changes something: it needs the admin user. */
    static boolean isWrite(String servlet, String method) {
        return (REBALANCE_SERVLET.equals(servlet) && "POST".equals(method)) || OPERATOR_SERVLET.equals(servlet);
    }
}
