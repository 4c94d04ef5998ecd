package org.dtablecluster.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.TabularData;
import org.dtablecluster.proxy.ProxyError;
import org.dtablecluster.proxy.ProxyMetrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Proxy and Node MBeans as a JMX client sees them on the platform MBeanServer. */
class ProxyAndNodeBeanTest {

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final ProxyMetrics metrics = new ProxyMetrics();
    private final FakeNode node = new FakeNode();
    private final ObjectName proxyName = ObjectNames.proxy();
    private final ObjectName nodeName = ObjectNames.node("dtable-server-01");
    private ManagementBeans beans;

    @BeforeEach
    void register() {
        Map<ObjectName, DescribedMXBean<?>> map = new LinkedHashMap<>();
        map.put(proxyName, new DescribedMXBean<>(new ProxyBean(metrics), ProxyMXBean.class));
        map.put(nodeName, new DescribedMXBean<>(new NodeBean(node), NodeMXBean.class));
        beans = ManagementBeans.register(server, map);
    }

    @AfterEach
    void unregister() {
        beans.close();
    }

    @Test
    void proxyCountsForwardsPerNodeAndErrorsPerKind() throws Exception {
        metrics.forwarded("dtable-server-01");
        metrics.forwarded("dtable-server-01");
        metrics.forwarded("dtable-server-02");
        metrics.error(ProxyError.NO_OWNER);
        metrics.error(ProxyError.OWNER_TIMEOUT);
        metrics.error(ProxyError.OWNER_TIMEOUT);
        metrics.clientAborted();

        assertEquals("org.dtablecluster:type=Proxy", proxyName.toString());
        assertEquals(3L, server.getAttribute(proxyName, "RequestsForwarded"));
        assertEquals(Map.of("dtable-server-01", 2L, "dtable-server-02", 1L),
                MonitorBeanTest.table((TabularData) server.getAttribute(proxyName, "ForwardedByNode")));
        Map<String, Object> errors = MonitorBeanTest.table((TabularData) server.getAttribute(proxyName, "ErrorsByKind"));
        assertEquals(1L, errors.get("no_owner"));
        assertEquals(2L, errors.get("owner_timeout"));
        assertEquals(0L, errors.get("bad_base_id"));
        assertEquals(0L, errors.get("owner_refused"));
        assertEquals(ProxyError.values().length, errors.size(), "every kind, zeros included");
        assertEquals(3L, server.getAttribute(proxyName, "Errors"));
        assertEquals(1L, server.getAttribute(proxyName, "ClientAborts"));
    }

    @Test
    void nodeShowsItsRegistrationAndLeavesAndRejoins() throws Exception {
        assertEquals("org.dtablecluster:type=Node,name=dtable-server-01", nodeName.toString());
        assertEquals("dtable-server-01", server.getAttribute(nodeName, "NodeId"));
        assertEquals("host-a/4242/x1y2", server.getAttribute(nodeName, "Instance"));
        assertEquals("STARTED", server.getAttribute(nodeName, "State"));
        assertEquals(true, server.getAttribute(nodeName, "Registered"));
        assertEquals("694d7a2c", server.getAttribute(nodeName, "LeaseId"));
        assertEquals(2L, server.getAttribute(nodeName, "LeaseGrants"));
        assertEquals(true, server.getAttribute(nodeName, "Claiming"));
        assertEquals("2026-11-23T10:16:00Z", server.getAttribute(nodeName, "LastKeepAlive"));
        assertEquals("HEALTHY", server.getAttribute(nodeName, "HealthProbeState"));
        assertEquals(0, server.getAttribute(nodeName, "ConsecutiveHealthFailures"));
        assertEquals("00-03,80", server.getAttribute(nodeName, "OwnedBuckets"));
        assertEquals(5, server.getAttribute(nodeName, "OwnedBucketCount"));
        assertEquals(99L, server.getAttribute(nodeName, "AssignmentRevision"));
        assertNull(server.getAttribute(nodeName, "LastError"));
        assertNull(server.getAttribute(nodeName, "LastErrorTime"));

        String left = (String) server.invoke(nodeName, "leave", null, null);
        assertEquals(1, node.leaves.get());
        assertEquals("registered=false claiming=false health=HEALTHY", left);
        assertEquals(false, server.getAttribute(nodeName, "Registered"));
        assertNull(server.getAttribute(nodeName, "LeaseId"));
        assertEquals("none", server.getAttribute(nodeName, "OwnedBuckets"));
        assertEquals("left on request", server.getAttribute(nodeName, "LastError"));
        assertEquals("2026-11-23T10:16:05Z", server.getAttribute(nodeName, "LastErrorTime"));

        String rejoined = (String) server.invoke(nodeName, "rejoin", null, null);
        assertEquals(1, node.rejoins.get());
        assertEquals("registered=true claiming=true lease=694d7a2c health=HEALTHY", rejoined);
        assertEquals(true, server.getAttribute(nodeName, "Registered"));
    }

    @Test
    void odditiesInANodeIdAreQuotedNotRejected() {
        ObjectName odd = ObjectNames.node("dtable-server-a,b=c");
        assertEquals("dtable-server-a,b=c", ObjectName.unquote(odd.getKeyProperty("name")));
        assertEquals("Node", odd.getKeyProperty("type"));
    }
}
