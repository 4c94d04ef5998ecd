package org.dtablecluster.jmx;

import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/** The names of dtable-cluster's MBeans: one domain, one {@code type} per role. */
public final class ObjectNames {

    public static final String DOMAIN = "org.dtablecluster";

    private ObjectNames() {
    }

    /** {@code org.dtablecluster:type=Monitor}. */
    public static ObjectName monitor() {
        return of(DOMAIN + ":type=Monitor");
    }

    /** {@code org.dtablecluster:type=Proxy}. */
    public static ObjectName proxy() {
        return of(DOMAIN + ":type=Proxy");
    }

    /**
     * {@code org.dtablecluster:type=Node,name=<nodeId>}; the id is quoted only when it holds a
     * character an ObjectName value cannot (node ids normally do not).
     */
    public static ObjectName node(String nodeId) {
        return of(DOMAIN + ":type=Node,name=" + value(nodeId));
    }

    private static String value(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (",=:\"*?\\\n".indexOf(text.charAt(i)) >= 0) {
                return ObjectName.quote(text);
            }
        }
        return text;
    }

    private static ObjectName of(String name) {
        try {
            return new ObjectName(name);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("not an ObjectName: " + name, e);
        }
    }
}
