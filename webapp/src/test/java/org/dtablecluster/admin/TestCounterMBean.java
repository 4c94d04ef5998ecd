package org.dtablecluster.admin;

/** The standard MBean interface of {@link TestCounter}. */
public interface TestCounterMBean {

    int getCount();

    int increment();
}
