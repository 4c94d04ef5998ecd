package org.dtablecluster.jmx;

import static java.util.Objects.requireNonNull;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.dtablecluster.ClusterRuntime;
import org.dtablecluster.config.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MBeans of the roles one process runs, registered on the platform MBeanServer for as long as
 * this object is open.
 *
 * <p>A bean already registered under one of our names is a leftover of an earlier deployment
 * of this WAR that did not close (its class loader is gone, its objects are dead): it is
 * replaced, with a warning, so a redeploy never fails on {@code InstanceAlreadyExistsException}.
 * {@link #close()} unregisters only the beans that are still ours: if a newer deployment
 * replaced one, it is left alone.
 */
public final class ManagementBeans implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ManagementBeans.class);

    private final MBeanServer server;
    private final Map<ObjectName, DescribedMXBean<?>> beans;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ManagementBeans(MBeanServer server, Map<ObjectName, DescribedMXBean<?>> beans) {
        this.server = server;
        this.beans = beans;
    }

    /** Registers the Monitor, Proxy and Node beans of the roles {@code runtime} runs. */
    public static ManagementBeans register(ClusterRuntime runtime) {
        requireNonNull(runtime, "runtime is null");
        Map<ObjectName, DescribedMXBean<?>> beans = new LinkedHashMap<>();
        runtime.monitor().ifPresent(m -> beans.put(ObjectNames.monitor(),
                new DescribedMXBean<>(new MonitorBean(MonitorControl.of(m, runtime.view())), MonitorMXBean.class)));
        if (runtime.config().has(Role.PROXY)) {
            beans.put(ObjectNames.proxy(),
                    new DescribedMXBean<>(new ProxyBean(runtime.proxyMetrics()), ProxyMXBean.class));
        }
        runtime.nodeAgent().ifPresent(n -> beans.put(ObjectNames.node(n.nodeId()),
                new DescribedMXBean<>(new NodeBean(NodeControl.of(n)), NodeMXBean.class)));
        return register(ManagementFactory.getPlatformMBeanServer(), beans);
    }

    /**
     * Registers {@code beans} on {@code server}, replacing stale ones; on failure, unregisters
     * what it registered and throws.
     */
    static ManagementBeans register(MBeanServer server, Map<ObjectName, DescribedMXBean<?>> beans) {
        requireNonNull(server, "server is null");
        ManagementBeans registered = new ManagementBeans(server, new LinkedHashMap<>());
        try {
            for (Map.Entry<ObjectName, DescribedMXBean<?>> e : beans.entrySet()) {
                registered.add(e.getKey(), e.getValue());
            }
        } catch (JMException | RuntimeException e) {
            registered.close();
            throw new IllegalStateException("cannot register the dtable-cluster MBeans: " + e, e);
        }
        LOG.info("[jmx] registered {}", registered.beans.keySet());
        return registered;
    }

    private void add(ObjectName name, DescribedMXBean<?> bean) throws JMException {
        if (server.isRegistered(name)) {
            LOG.warn("[jmx] {} is still registered, left by an earlier deployment that did not stop; replacing it",
                    name);
            try {
                server.unregisterMBean(name);
            } catch (InstanceNotFoundException e) {
                // gone in the meantime: fine
            }
        }
        server.registerMBean(bean, name);
        beans.put(name, bean);
    }

    /** The names registered, in registration order. */
    public Set<ObjectName> names() {
        return beans.keySet();
    }

    /** Unregisters the beans that are still ours. Safe to call more than once. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        List<ObjectName> names = new ArrayList<>(beans.keySet());
        for (ObjectName name : names) {
            if (!beans.get(name).isRegistered()) {
                continue;
            }
            try {
                server.unregisterMBean(name);
            } catch (InstanceNotFoundException e) {
                // unregistered by someone else: nothing to do
            } catch (JMException | RuntimeException e) {
                LOG.warn("[jmx] cannot unregister {}", name, e);
            }
        }
    }
}
