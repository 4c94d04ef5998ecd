package org.dtablecluster.jmx;

import static java.util.Objects.requireNonNull;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.StandardMBean;

/**
 * A standard MXBean whose MBeanInfo carries the {@link Description}s of its interface: the
 * platform's own way (a {@link StandardMBean} overriding {@code getDescription}) to describe
 * attributes and operations, which plain MXBean registration leaves as boilerplate.
 *
 * <p>Fails at construction when the interface or any of its methods has no description, so an
 * undocumented attribute never reaches an operator. Also remembers whether it is registered, so
 * that {@link ManagementBeans} never unregisters a newer bean that replaced this one.
 *
 * @param <T> the MXBean interface
 */
public final class DescribedMXBean<T> extends StandardMBean {

    private final String description;
    private final Map<String, Description> attributes = new HashMap<>();
    private final Map<String, Description> operations = new HashMap<>();
    private final AtomicBoolean registered = new AtomicBoolean();

    public DescribedMXBean(T implementation, Class<T> mxbeanInterface) {
        super(requireNonNull(implementation, "implementation is null"),
                requireNonNull(mxbeanInterface, "mxbeanInterface is null"), true);
        Description type = mxbeanInterface.getAnnotation(Description.class);
        List<String> missing = new ArrayList<>();
        if (type == null) {
            missing.add(mxbeanInterface.getSimpleName());
        }
        this.description = type == null ? "" : type.value();
        for (Method m : mxbeanInterface.getMethods()) {
            Description d = m.getAnnotation(Description.class);
            if (d == null) {
                missing.add(m.getName());
                continue;
            }
            String attribute = attributeName(m);
            if (attribute != null) {
                attributes.put(attribute, d);
            } else {
                operations.put(m.getName(), d);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(mxbeanInterface.getName() + " needs a @Description on " + missing);
        }
    }

    /** The attribute a method reads, by the MXBean naming rules, or null for an operation. */
    private static String attributeName(Method m) {
        if (m.getParameterCount() != 0 || m.getReturnType() == void.class) {
            return null;
        }
        String name = m.getName();
        if (name.startsWith("get") && name.length() > 3) {
            return name.substring(3);
        }
        boolean bool = m.getReturnType() == boolean.class || m.getReturnType() == Boolean.class;
        return bool && name.startsWith("is") && name.length() > 2 ? name.substring(2) : null;
    }

    @Override
    protected String getDescription(MBeanInfo info) {
        return description;
    }

    @Override
    protected String getDescription(MBeanAttributeInfo info) {
        Description d = attributes.get(info.getName());
        return d == null ? super.getDescription(info) : d.value();
    }

    @Override
    protected String getDescription(MBeanOperationInfo info) {
        Description d = operations.get(info.getName());
        return d == null ? super.getDescription(info) : d.value();
    }

    @Override
    protected int getImpact(MBeanOperationInfo info) {
        Description d = operations.get(info.getName());
        return d == null ? super.getImpact(info) : d.impact();
    }

    @Override
    public void postRegister(Boolean registrationDone) {
        super.postRegister(registrationDone);
        registered.set(Boolean.TRUE.equals(registrationDone));
    }

    @Override
    public void postDeregister() {
        super.postDeregister();
        registered.set(false);
    }

    /** True from its registration until it is unregistered, by us or by whoever replaced it. */
    public boolean isRegistered() {
        return registered.get();
    }
}
