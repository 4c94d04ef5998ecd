package org.dtablecluster.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.spi.AssignmentRequest;
import org.dtablecluster.spi.AssignmentStrategy;
import org.dtablecluster.spi.NodeInfo;
import org.dtablecluster.spi.RunKind;
import org.dtablecluster.strategy.sticky.StickyBalancedStrategy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginLoaderTest {

    private static final ClassLoader WAR = PluginLoaderTest.class.getClassLoader();

    @TempDir
    Path work;

    private Path folder;

    @BeforeEach
    void makeFolder() throws Exception {
        folder = Files.createDirectories(work.resolve("jetty-base/lib/dtable-cluster-plugins"));
    }

    @Test
    void aPluginJarLoadsInItsOwnClassLoaderBesideTheBuiltInStrategies() throws Exception {
        Path jar = PluginJars.strategy(folder, "acme.jar", "com.acme.FirstNode", "acme-first");
        try (PluginLoader plugins = PluginLoader.open(folder, WAR)) {
            StrategyRegistry registry = plugins.registry();
            assertTrue(registry.names().containsAll(Set.of("acme-first", StickyBalancedStrategy.NAME)),
                    registry.names().toString());
            AssignmentStrategy acme = registry.get("acme-first");
            ClassLoader own = acme.getClass().getClassLoader();
            assertNotSame(WAR, own);
            assertSame(WAR, own.getParent(), "the plugin's loader must delegate to the webapp's, which has the SPI");
            assertTrue(plugins.isPlugin(acme));
            assertFalse(plugins.isPlugin(registry.get(StickyBalancedStrategy.NAME)));
            assertEquals(jar.toUri().toURL(), acme.getClass().getProtectionDomain().getCodeSource().getLocation());
            assertThrows(ClassNotFoundException.class, () -> WAR.loadClass("com.acme.FirstNode"),
                    "the webapp must not see plugin classes");
            assertEquals(List.of(jar), plugins.jars());

            Assignment result = acme.assign(AssignmentRequest.of(Assignment.unassigned(256),
                    List.of(NodeInfo.of("dtable-server-b"), NodeInfo.of("dtable-server-a")), RunKind.REPAIR));
            assertEquals(Map.of("dtable-server-a", 256), result.bucketCounts(), "the plugin runs");

            IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> registry.get("acme"));
            assertTrue(unknown.getMessage().startsWith("assignment_strategy 'acme' is not installed; available: "
                    + "acme-first, "), unknown.getMessage());
        }
    }

    @Test
    void twoPluginsWithOneNameAreRefusedNamingBothJars() throws Exception {
        Path a = PluginJars.strategy(folder, "a.jar", "com.a.Strategy", "same");
        Path b = PluginJars.strategy(folder, "b.jar", "com.b.Strategy", "same");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> PluginLoader.open(folder, WAR));
        assertEquals("two assignment strategies are named 'same': com.a.Strategy (from " + a.toUri().toURL()
                + ") and com.b.Strategy (from " + b.toUri().toURL() + "); remove one of the plugins", e.getMessage());
    }

    @Test
    void twoVersionsOfOnePluginAreRefusedNamingBothJars() {
        // The same class in two jars: the second copy would never load, so its name never clashes.
        Path old = PluginJars.strategy(folder, "acme-1.0.jar", "com.acme.Strategy", "acme");
        Path newer = PluginJars.strategy(folder, "acme-1.1.jar", "com.acme.Strategy", "acme");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> PluginLoader.open(folder, WAR));
        assertEquals("two jars provide assignment strategy class com.acme.Strategy: " + newer + " and the plugin "
                + old + "; remove one of them", e.getMessage());
    }

    @Test
    void aPluginJarCopyOfABuiltInStrategyIsRefused() {
        Path copy = PluginJars.jar(folder, "sticky.jar", Map.of(), List.of(StickyBalancedStrategy.class.getName()));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> PluginLoader.open(folder, WAR));
        assertTrue(e.getMessage().startsWith("two jars provide assignment strategy class "
                + StickyBalancedStrategy.class.getName() + ": " + copy + " and the WAR's "), e.getMessage());
    }

    @Test
    void aJarListingAClassItDoesNotHaveIsRefused() {
        Path jar = PluginJars.jar(folder, "broken.jar", Map.of(), List.of("com.acme.Missing"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> PluginLoader.open(folder, WAR));
        assertTrue(e.getMessage().startsWith("assignment strategy plugin " + jar + " lists com.acme.Missing in "
                + "META-INF/services/org.dtablecluster.spi.AssignmentStrategy, but the class cannot be loaded: "),
                e.getMessage());
    }

    @Test
    void jarsWithoutAStrategyAndOtherFilesAreIgnored() throws Exception {
        PluginJars.jar(folder, "library.jar", Map.of("com.lib.Util", "package com.lib; public class Util {}"),
                List.of());
        Files.writeString(folder.resolve("README.txt"), "not a jar");
        Files.writeString(folder.resolve(".keep"), "");
        try (PluginLoader plugins = PluginLoader.open(folder, WAR)) {
            assertEquals(StrategyRegistry.load(WAR).names(), plugins.registry().names());
            assertEquals(List.of(), plugins.jars());
        }
    }

    @Test
    void closingClosesTheClassLoaderAndIsIdempotent() throws Exception {
        PluginJars.jar(folder, "acme.jar", Map.of(
                "com.acme.Strategy", PluginJars.source("com.acme.Strategy", "acme"),
                "com.acme.NotYetLoaded", "package com.acme; public class NotYetLoaded {}"),
                List.of("com.acme.Strategy"));
        PluginLoader plugins = PluginLoader.open(folder, WAR);
        ClassLoader own = plugins.registry().get("acme").getClass().getClassLoader();
        plugins.close();
        assertThrows(ClassNotFoundException.class, () -> own.loadClass("com.acme.NotYetLoaded"));
        plugins.close();
    }

    @Test
    void theFolderIsTheSystemPropertyElseTheDefaultUnderJettyBase() throws Exception {
        PluginJars.strategy(folder, "acme.jar", "com.acme.Strategy", "acme");
        Path jettyBase = folder.getParent().getParent();
        try (PluginLoader plugins = PluginLoader.fromProperties(Map.of("jetty.base", jettyBase.toString())::get, WAR)) {
            assertEquals(folder, plugins.folder());
            assertTrue(plugins.registry().names().contains("acme"));
        }
        Path elsewhere = Files.createDirectories(work.resolve("elsewhere"));
        try (PluginLoader plugins = PluginLoader.fromProperties(Map.of("jetty.base", jettyBase.toString(),
                PluginLoader.FOLDER_PROPERTY, elsewhere.toString())::get, WAR)) {
            assertEquals(elsewhere, plugins.folder());
            assertFalse(plugins.registry().names().contains("acme"));
        }
    }

    @Test
    void withoutAFolderThereAreOnlyTheBuiltInStrategies() {
        try (PluginLoader none = PluginLoader.fromProperties(Map.<String, String>of()::get, WAR);
                PluginLoader missing = PluginLoader.fromProperties(Map.of("jetty.base", work.resolve("nowhere").toString())::get,
                        WAR)) {
            assertNull(none.folder());
            assertNull(missing.folder());
            assertEquals(StrategyRegistry.load(WAR).names(), none.registry().names());
            assertEquals(StrategyRegistry.load(WAR).names(), missing.registry().names());
        }
    }

    @Test
    void aFolderNamedByThePropertyMustExist() {
        Path missing = work.resolve("no-such-folder");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PluginLoader.fromProperties(Map.of(PluginLoader.FOLDER_PROPERTY, missing.toString())::get, WAR));
        assertEquals("the assignment strategy plugin folder " + missing + " (system property "
                + "dtable.cluster.plugins.dir) is not a directory", e.getMessage());
    }
}
