package org.dtablecluster.jmx;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import javax.management.MBeanOperationInfo;

/**
 * What an MXBean, attribute or operation means, for people reading it in JConsole or through
 * Jolokia's {@code list}. Put it on the MXBean interface and on each of its methods (the getter,
 * for an attribute); {@link DescribedMXBean} refuses an interface where one is missing.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Description {

    /** One or two plain sentences. */
    String value();

    /**
     * For operations: {@link MBeanOperationInfo#INFO} when it only reads,
     * {@link MBeanOperationInfo#ACTION} when it changes something.
     */
    int impact() default MBeanOperationInfo.UNKNOWN;
}
