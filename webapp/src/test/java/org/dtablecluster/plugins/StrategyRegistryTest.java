package org.dtablecluster.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.dtablecluster.monitor.TestStrategies;
import org.dtablecluster.spi.AssignmentStrategy;
import org.dtablecluster.strategy.sticky.StickyBalancedStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StrategyRegistryTest {

    @TempDir
    Path plugins;

    @Test
    void findsTheDefaultStrategyThroughServiceLoader() {
        StrategyRegistry registry = StrategyRegistry.load(getClass().getClassLoader());
        assertTrue(registry.names().contains(StickyBalancedStrategy.NAME), registry.names().toString());
        assertInstanceOf(StickyBalancedStrategy.class, registry.configured(StickyBalancedStrategy.NAME, Map.of()));
    }

    @Test
    void anUnknownNameListsTheNamesAvailable() {
        StrategyRegistry registry = StrategyRegistry.of(new StickyBalancedStrategy(), new TestStrategies.DuplicateA());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> registry.get("sticky"));
        assertEquals("assignment_strategy 'sticky' is not installed; available: duplicate, sticky-balanced",
                e.getMessage());
    }

    @Test
    void optionsTheStrategyRejectsFailAtStartUpNamingTheOption() {
        StrategyRegistry registry = StrategyRegistry.of(new StickyBalancedStrategy());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> registry.configured(StickyBalancedStrategy.NAME, Map.of("max_moves", "10")));
        assertTrue(e.getMessage().startsWith("strategy_options rejected by assignment_strategy 'sticky-balanced'"),
                e.getMessage());
        assertTrue(e.getMessage().contains("max_moves"), e.getMessage());
    }

    @Test
    void twoPluginsWithOneNameAreNamedWithTheirLocations() throws Exception {
        try (URLClassLoader loader = pluginLoader(TestStrategies.DuplicateA.class, TestStrategies.DuplicateB.class)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> StrategyRegistry.load(loader));
            String location = TestStrategies.class.getProtectionDomain().getCodeSource().getLocation().toString();
            assertEquals("two assignment strategies are named 'duplicate': "
                    + TestStrategies.DuplicateA.class.getName() + " (from " + location + ") and "
                    + TestStrategies.DuplicateB.class.getName() + " (from " + location + "); remove one of the plugins",
                    e.getMessage());
        }
    }

    @Test
    void aPluginThatCannotBeCreatedStopsStartUpWithItsName() throws Exception {
        try (URLClassLoader loader = pluginLoader(TestStrategies.Unloadable.class)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> StrategyRegistry.load(loader));
            assertTrue(e.getMessage().startsWith("cannot create assignment strategy "
                    + TestStrategies.Unloadable.class.getName()), e.getMessage());
        }
    }

    @Test
    void aPluginLoaderAddsItsStrategiesToTheInstalledOnes() throws Exception {
        try (URLClassLoader loader = pluginLoader(TestStrategies.DuplicateA.class)) {
            // the plugin's strategy beside the three the WAR ships
            assertEquals(Set.of("duplicate", StickyBalancedStrategy.NAME, "weighted", "rendezvous"),
                    StrategyRegistry.load(loader).names());
        }
    }

    // A directory with its own service file, seen through a loader whose parent has sticky-balanced.
    private URLClassLoader pluginLoader(Class<?>... strategies) throws Exception {
        Path services = Files.createDirectories(plugins.resolve("META-INF/services"));
        StringBuilder lines = new StringBuilder();
        for (Class<?> c : strategies) {
            lines.append(c.getName()).append('\n');
        }
        Files.writeString(services.resolve(AssignmentStrategy.class.getName()), lines);
        return new URLClassLoader(new URL[] {plugins.toUri().toURL()}, getClass().getClassLoader());
    }
}
