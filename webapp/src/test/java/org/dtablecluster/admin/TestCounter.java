package org.dtablecluster.admin;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.ObjectName;

/**
 * An MBean in dtable-cluster's domain whose operation the admin tests call through Jolokia (the
 * policy allows exec there and nowhere else), counting calls.
 */
public final class TestCounter implements TestCounterMBean {

    static final String NAME = "org.dtablecluster:type=Test,name=admin";

    private final AtomicInteger count = new AtomicInteger();

    @Override
    public int getCount() {
        return count.get();
    }

    @Override
    public int increment() {
        return count.incrementAndGet();
    }

    static TestCounter register() throws Exception {
        TestCounter counter = new TestCounter();
        ObjectName name = new ObjectName(NAME);
        if (ManagementFactory.getPlatformMBeanServer().isRegistered(name)) {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        }
        ManagementFactory.getPlatformMBeanServer().registerMBean(counter, name);
        return counter;
    }

    static void unregister() throws Exception {
        ManagementFactory.getPlatformMBeanServer().unregisterMBean(new ObjectName(NAME));
    }
}
