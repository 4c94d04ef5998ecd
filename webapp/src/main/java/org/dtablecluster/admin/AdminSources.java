package org.dtablecluster.admin;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.dtablecluster.ClusterRuntime;
import org.dtablecluster.monitor.Monitor;
import org.dtablecluster.monitor.MonitorStatus;
import org.dtablecluster.monitor.RunRecord;
import org.dtablecluster.node.NodeAgent;
import org.dtablecluster.node.NodeStatus;
import org.dtablecluster.proxy.ProxyMetrics;
import org.dtablecluster.view.ClusterView;

/**
 * What the admin endpoints read, taken from the running roles; tests fill it by hand.
 *
 * @param view the cluster view every process has
 * @param viewInSync whether the view follows etcd now
 * @param monitor the monitor's status, empty without the monitor role
 * @param recentRuns the monitor's latest runs, oldest first; empty without the monitor role
 * @param proxy the proxy's counters, empty without the proxy role
 * @param node the node agent's status, empty without the node role
 * @param clock for the time a report is made
 * @param history the history in etcd, empty without the monitor role; only the page reads it
 */
record AdminSources(
        ClusterView view,
        BooleanSupplier viewInSync,
        Supplier<Optional<MonitorStatus>> monitor,
        Supplier<List<RunRecord>> recentRuns,
        Optional<ProxyMetrics> proxy,
        Supplier<Optional<NodeStatus>> node,
        Clock clock,
        Optional<HistoryServlet.Pages> history) {

    AdminSources {
        requireNonNull(view, "view is null");
        requireNonNull(viewInSync, "viewInSync is null");
        requireNonNull(monitor, "monitor is null");
        requireNonNull(recentRuns, "recentRuns is null");
        requireNonNull(proxy, "proxy is null");
        requireNonNull(node, "node is null");
        requireNonNull(clock, "clock is null");
        requireNonNull(history, "history is null");
    }

    /** Sources without the history. */
    AdminSources(ClusterView view, BooleanSupplier viewInSync, Supplier<Optional<MonitorStatus>> monitor,
            Supplier<List<RunRecord>> recentRuns, Optional<ProxyMetrics> proxy, Supplier<Optional<NodeStatus>> node,
            Clock clock) {
        this(view, viewInSync, monitor, recentRuns, proxy, node, clock, Optional.empty());
    }

    static AdminSources of(ClusterRuntime runtime) {
        ClusterView view = runtime.view();
        Optional<Monitor> monitor = runtime.monitor();
        Optional<NodeAgent> node = runtime.nodeAgent();
        Optional<ProxyMetrics> proxy = runtime.config().has(org.dtablecluster.config.Role.PROXY)
                ? Optional.of(runtime.proxyMetrics()) : Optional.empty();
        return new AdminSources(view, view::isConnected, () -> monitor.map(Monitor::status),
                () -> monitor.map(Monitor::recentRuns).orElse(List.of()), proxy, () -> node.map(NodeAgent::status),
                Clock.systemUTC(), monitor.<HistoryServlet.Pages>map(m -> m::history));
    }

    /** Everything, read once, so one answer is consistent with itself. */
    ClusterReport report() {
        return new ClusterReport(clock.instant(), view.current(), viewInSync.getAsBoolean(), monitor.get(),
                recentRuns.get(), proxy, node.get());
    }

    /** The page's timeline: reads etcd (bounded by its read timeout), so only the page asks for it. */
    TimelineSection.Timeline timeline() {
        return history.map(TimelineSection.Timeline::read).orElse(TimelineSection.Timeline.absent());
    }
}
