package org.dtablecluster.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.openmbean.TabularType;
import org.dtablecluster.proxy.ProxyMetrics;
import org.junit.jupiter.api.Test;

/** Every attribute and operation an operator sees is described, read-only, and typed as meant. */
class DescribedMXBeanTest {

    @Test
    void monitorInfoCarriesEveryDescriptionAndImpact() {
        MBeanInfo info = new DescribedMXBean<>(new MonitorBean(new FakeMonitor()), MonitorMXBean.class).getMBeanInfo();

        assertDescribedLikeItsInterface(info, MonitorMXBean.class);
        assertEquals(Set.of("Leader", "LeaderId", "InstanceId", "Strategy", "InSync", "GraceUntil", "LastRunTime",
                "LastRunKind", "LastRunTrigger", "LastRunMoves", "LastRunError", "LastRunRevision",
                "AssignmentRevision", "BucketsPerNode", "UnownedBuckets", "Runs", "Transactions", "Handoffs",
                "HandoffsPending", "HandoffsStarted", "HandoffsCompleted", "HandoffsCancelled",
                "RecentCancelledHandoffs"), attributes(info));
        assertEquals(Set.of("rebalance", "dryRunRebalance", "refresh", "drain", "undrain", "pin", "unpin"),
                operations(info));
        for (String write : List.of("drain", "undrain", "pin", "unpin")) {
            assertEquals(MBeanOperationInfo.ACTION, operation(info, write).getImpact(), write);
        }
        assertEquals(MBeanOperationInfo.ACTION, operation(info, "rebalance").getImpact());
        assertEquals(MBeanOperationInfo.INFO, operation(info, "dryRunRebalance").getImpact());
        // an MXBean map is open data: a table JConsole and Jolokia can show
        assertTrue(attribute(info, "BucketsPerNode").getDescriptor().getFieldValue("openType") instanceof TabularType);
    }

    @Test
    void proxyAndNodeInfoAreDescribedToo() {
        MBeanInfo proxy = new DescribedMXBean<>(new ProxyBean(new ProxyMetrics()), ProxyMXBean.class).getMBeanInfo();
        MBeanInfo node = new DescribedMXBean<>(new NodeBean(new FakeNode()), NodeMXBean.class).getMBeanInfo();

        assertDescribedLikeItsInterface(proxy, ProxyMXBean.class);
        assertDescribedLikeItsInterface(node, NodeMXBean.class);
        assertTrue(attributes(node).containsAll(Set.of("NodeId", "LeaseId", "Registered", "LastKeepAlive",
                "HealthProbeState", "OwnedBuckets")), attributes(node).toString());
        assertEquals(Set.of("leave", "rejoin"), operations(node));
        assertEquals(Set.of(), operations(proxy));
    }

    /** An MXBean interface for the refusal below: one method lacks a description. */
    @Description("half described")
    public interface HalfDescribedMXBean {
        @Description("described")
        int getCount();

        String getName();
    }

    @Test
    void refusesAnInterfaceWithAnUndescribedMethod() {
        HalfDescribedMXBean bean = new HalfDescribedMXBean() {
            @Override
            public int getCount() {
                return 1;
            }

            @Override
            public String getName() {
                return "x";
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DescribedMXBean<>(bean, HalfDescribedMXBean.class));
        assertTrue(e.getMessage().contains("getName"), e.getMessage());
    }

    // The interface's annotation text reaches the MBeanInfo for the bean, every attribute and
    // every operation, and no attribute can be written.
    private static void assertDescribedLikeItsInterface(MBeanInfo info, Class<?> mxbean) {
        assertEquals(mxbean.getAnnotation(Description.class).value(), info.getDescription());
        for (MBeanAttributeInfo a : info.getAttributes()) {
            assertEquals(annotated(mxbean, a.isIs() ? "is" + a.getName() : "get" + a.getName()), a.getDescription(),
                    a.getName());
            assertFalse(a.isWritable(), a.getName() + " must be read-only");
        }
        for (MBeanOperationInfo o : info.getOperations()) {
            assertEquals(annotated(mxbean, o.getName()), o.getDescription(), o.getName());
        }
    }

    private static String annotated(Class<?> type, String method) {
        // operations with arguments too: MXBean operations are not overloaded
        Method m = Arrays.stream(type.getMethods()).filter(x -> x.getName().equals(method)).findFirst()
                .orElseThrow(() -> new AssertionError(type.getSimpleName() + " has no " + method));
        return m.getAnnotation(Description.class).value();
    }

    static Set<String> attributes(MBeanInfo info) {
        return Arrays.stream(info.getAttributes()).map(MBeanAttributeInfo::getName).collect(Collectors.toSet());
    }

    static Set<String> operations(MBeanInfo info) {
        return Arrays.stream(info.getOperations()).map(MBeanOperationInfo::getName).collect(Collectors.toSet());
    }

    private static MBeanOperationInfo operation(MBeanInfo info, String name) {
        return Arrays.stream(info.getOperations()).filter(o -> o.getName().equals(name)).findFirst().orElseThrow();
    }

    private static MBeanAttributeInfo attribute(MBeanInfo info, String name) {
        return Arrays.stream(info.getAttributes()).filter(a -> a.getName().equals(name)).findFirst().orElseThrow();
    }
}
