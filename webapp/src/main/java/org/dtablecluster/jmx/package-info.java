/**
 * dtable-cluster on JMX: one standard MXBean per role on the platform MBeanServer, in the domain
 * {@code org.dtablecluster}, so JConsole, Jolokia and any JMX client see the same thing.
 *
 * <ul>
 *   <li>{@code org.dtablecluster:type=Monitor}: {@link org.dtablecluster.jmx.MonitorMXBean}</li>
 *   <li>{@code org.dtablecluster:type=Proxy}: {@link org.dtablecluster.jmx.ProxyMXBean}</li>
 *   <li>{@code org.dtablecluster:type=Node,name=<node_id>}: {@link org.dtablecluster.jmx.NodeMXBean}</li>
 * </ul>
 *
 * Attributes are read-only; operations change something only when their name says so. Every
 * attribute and operation carries a {@link org.dtablecluster.jmx.Description}, which
 * {@link org.dtablecluster.jmx.DescribedMXBean} puts into the MBeanInfo (Jetty's own JMX
 * annotations are hidden from a WAR). {@link org.dtablecluster.jmx.ManagementBeans} registers the
 * beans of the roles a process runs and removes them again. Reading an attribute never asks etcd:
 * the roles keep what their beans report in memory (the monitor's leader among it).
 */
package org.dtablecluster.jmx;
