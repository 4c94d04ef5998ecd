package org.dtablecluster.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.dtablecluster.proxy.ProxyMetrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Registration survives a redeploy that left beans behind, and closing never removes a newer bean. */
class ManagementBeansTest {

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final ObjectName name = ObjectNames.proxy();

    @AfterEach
    void cleanUp() throws Exception {
        if (server.isRegistered(name)) {
            server.unregisterMBean(name);
        }
    }

    @Test
    void replacesAStaleBeanAndUnregistersOnlyItsOwn() throws Exception {
        ProxyMetrics oldMetrics = new ProxyMetrics();
        ProxyMetrics newMetrics = new ProxyMetrics();
        newMetrics.forwarded("dtable-server-01");
        ManagementBeans stale = ManagementBeans.register(server, Map.of(name, proxyBean(oldMetrics)));

        // a new deployment starts while the old one's beans are still there
        ManagementBeans fresh = ManagementBeans.register(server, Map.of(name, proxyBean(newMetrics)));
        assertEquals(1L, server.getAttribute(name, "RequestsForwarded"), "the new bean answers");

        stale.close();
        assertTrue(server.isRegistered(name), "closing the old deployment leaves the new bean alone");
        assertEquals(1L, server.getAttribute(name, "RequestsForwarded"));

        fresh.close();
        assertFalse(server.isRegistered(name));
        fresh.close(); // twice is fine
        assertEquals(java.util.Set.of(name), fresh.names());
    }

    @Test
    void aFailedRegistrationLeavesNothingBehind() {
        ObjectName bad = ObjectNames.monitor();
        Map<ObjectName, DescribedMXBean<?>> beans = new java.util.LinkedHashMap<>();
        beans.put(name, proxyBean(new ProxyMetrics()));
        DescribedMXBean<ProxyMXBean> same = proxyBean(new ProxyMetrics());
        beans.put(bad, same);
        beans.put(ObjectNames.node("dtable-server-09"), same); // one object under two names: refused

        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> ManagementBeans.register(server, beans));
        assertTrue(e.getMessage().contains("cannot register"), e.getMessage());
        assertFalse(server.isRegistered(name));
        assertFalse(server.isRegistered(bad));
    }

    private static DescribedMXBean<ProxyMXBean> proxyBean(ProxyMetrics metrics) {
        return new DescribedMXBean<>(new ProxyBean(metrics), ProxyMXBean.class);
    }
}
