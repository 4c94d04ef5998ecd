package org.dtablecluster.plugins;

import static java.util.Objects.requireNonNull;

import java.net.URL;
import java.security.CodeSource;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.dtablecluster.spi.AssignmentStrategy;

/**
 * The assignment strategies installed, by name. They are found with {@link ServiceLoader} in a
 * given class loader, so a loader over a plugin directory can be handed in later without
 * changing this class.
 *
 * <p>Everything that can be wrong with the plugins is reported at start-up, never at the first
 * monitor run: a plugin that cannot be loaded, two plugins claiming one name (both classes and
 * their jars are named, so the operator knows which jar to remove), an unknown
 * {@code assignment_strategy} (the message lists the names available), and options the strategy
 * rejects.
 */
public final class StrategyRegistry {

    private final Map<String, AssignmentStrategy> byName;

    private StrategyRegistry(Map<String, AssignmentStrategy> byName) {
        this.byName = Collections.unmodifiableMap(new TreeMap<>(byName));
    }

    /**
     * Every strategy {@code loader} can see through
     * {@code META-INF/services/org.dtablecluster.spi.AssignmentStrategy}.
     *
     * @throws IllegalStateException when a listed plugin cannot be loaded or two share a name
     */
    public static StrategyRegistry load(ClassLoader loader) {
        requireNonNull(loader, "loader is null");
        Map<String, AssignmentStrategy> found = new TreeMap<>();
        Iterator<ServiceLoader.Provider<AssignmentStrategy>> providers =
                ServiceLoader.load(AssignmentStrategy.class, loader).stream().iterator();
        while (true) {
            ServiceLoader.Provider<AssignmentStrategy> provider;
            try {
                if (!providers.hasNext()) {
                    break;
                }
                provider = providers.next();
            } catch (ServiceConfigurationError e) {
                throw new IllegalStateException("cannot load an assignment strategy plugin: " + e.getMessage(), e);
            }
            AssignmentStrategy strategy;
            try {
                strategy = provider.get();
            } catch (ServiceConfigurationError | RuntimeException e) {
                throw new IllegalStateException("cannot create assignment strategy " + describe(provider.type())
                        + ": " + e.getMessage(), e);
            }
            add(found, strategy);
        }
        return new StrategyRegistry(found);
    }

    /** A registry of exactly these strategies, checked like loaded ones; for tests and embedding. */
    public static StrategyRegistry of(Collection<? extends AssignmentStrategy> strategies) {
        Map<String, AssignmentStrategy> found = new TreeMap<>();
        for (AssignmentStrategy s : requireNonNull(strategies, "strategies is null")) {
            add(found, requireNonNull(s, "a strategy is null"));
        }
        return new StrategyRegistry(found);
    }

    public static StrategyRegistry of(AssignmentStrategy... strategies) {
        return of(List.of(strategies));
    }

    /** The names available, sorted. */
    public SortedSet<String> names() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(byName.keySet()));
    }

    /**
     * The strategy called {@code name}.
     *
     * @throws IllegalArgumentException naming the names that are available
     */
    public AssignmentStrategy get(String name) {
        requireNonNull(name, "name is null");
        AssignmentStrategy s = byName.get(name);
        if (s == null) {
            throw new IllegalArgumentException("assignment_strategy '" + name + "' is not installed; available: "
                    + (byName.isEmpty() ? "none" : String.join(", ", byName.keySet())));
        }
        return s;
    }

    /**
     * The strategy called {@code name}, after it accepted {@code options}: what the monitor runs.
     *
     * @throws IllegalArgumentException for an unknown name or options the strategy rejects
     */
    public AssignmentStrategy configured(String name, Map<String, String> options) {
        AssignmentStrategy s = get(name);
        requireNonNull(options, "options is null");
        try {
            s.validateOptions(Map.copyOf(options));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("strategy_options rejected by assignment_strategy '" + name + "': "
                    + e.getMessage(), e);
        }
        return s;
    }

    private static void add(Map<String, AssignmentStrategy> found, AssignmentStrategy strategy) {
        String name;
        try {
            name = strategy.name();
        } catch (RuntimeException e) {
            throw new IllegalStateException("assignment strategy " + describe(strategy.getClass())
                    + " failed to say its name: " + e, e);
        }
        if (name == null || name.isBlank()) {
            throw new IllegalStateException("assignment strategy " + describe(strategy.getClass())
                    + " has a blank name");
        }
        AssignmentStrategy previous = found.putIfAbsent(name, strategy);
        if (previous != null) {
            throw new IllegalStateException("two assignment strategies are named '" + name + "': "
                    + describe(previous.getClass()) + " and " + describe(strategy.getClass())
                    + "; remove one of the plugins");
        }
    }

    /** The class and, where the JVM tells, the jar or directory it came from. */
    static String describe(Class<?> type) {
        String where = null;
        try {
            CodeSource source = type.getProtectionDomain().getCodeSource();
            URL location = source == null ? null : source.getLocation();
            where = location == null ? null : location.toString();
        } catch (SecurityException e) {
            // no location then; the class name is still useful
        }
        return type.getName() + (where == null ? "" : " (from " + where + ")");
    }
}
