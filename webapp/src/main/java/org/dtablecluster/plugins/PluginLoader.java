package org.dtablecluster.plugins;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.dtablecluster.spi.AssignmentStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The assignment strategies of this process: those built into the WAR, plus those in the jars
 * of the plugin folder.
 *
 * <h2>Loading model</h2>
 * The {@code *.jar} files directly in the folder, sorted by file name, are opened in one
 * {@link URLClassLoader} of their own whose parent is the webapp's class loader. A plugin thus
 * sees the SPI ({@code org.dtablecluster.spi}) from the WAR and needs nothing else; the server
 * and the WAR never see the plugins' classes. Strategies are found with
 * {@link java.util.ServiceLoader}
 * through that loader, which finds the built-in ones through its parent as well.
 *
 * <p>Start-up fails, naming the jars, when a jar lists a strategy class it does not contain,
 * when the same class is in two jars (two versions of one plugin) or is built in already (its
 * copy in the folder would be silently shadowed otherwise), and, through {@link StrategyRegistry},
 * when two strategies share a name. A jar that lists no strategy is logged and ignored.
 *
 * <h2>Where the folder is</h2>
 * The system property {@value #FOLDER_PROPERTY} (our jetty-base's {@code start.d} sets it), else
 * {@code lib/dtable-cluster-plugins} under the system property {@code jetty.base}. A folder named
 * by the property must exist; the default one may be missing, which means no plugins, as does
 * having neither property.
 *
 * <p>{@link #close()} closes the class loader; call it after the monitor has stopped. Idempotent.
 */
public final class PluginLoader implements AutoCloseable {

    /** The system property naming the plugin folder. */
    public static final String FOLDER_PROPERTY = "dtable.cluster.plugins.dir";

    /** The plugin folder under {@code jetty.base} when {@value #FOLDER_PROPERTY} is not set. */
    public static final String DEFAULT_FOLDER = "lib/dtable-cluster-plugins";

    private static final Logger LOG = LoggerFactory.getLogger(PluginLoader.class);
    private static final String SERVICE_FILE = "META-INF/services/" + AssignmentStrategy.class.getName();

    private final Path folder;
    private final List<Path> jars;
    private final URLClassLoader loader;
    private final StrategyRegistry registry;
    private final AtomicBoolean closed = new AtomicBoolean();

    private PluginLoader(Path folder, List<Path> jars, URLClassLoader loader, StrategyRegistry registry) {
        this.folder = folder;
        this.jars = List.copyOf(jars);
        this.loader = loader;
        this.registry = registry;
    }

    /** The folder named by the JVM's system properties; see the class comment. */
    public static PluginLoader fromSystemProperties(ClassLoader parent) {
        return fromProperties(System::getProperty, parent);
    }

    /**
     * The built-in strategies of {@code parent} and the plugins of the folder that
     * {@code systemProperties} name.
     *
     * @throws IllegalStateException for a folder named by {@value #FOLDER_PROPERTY} that is not a
     *     directory, and for the plugin problems of the class comment
     */
    static PluginLoader fromProperties(UnaryOperator<String> systemProperties, ClassLoader parent) {
        String named = systemProperties.apply(FOLDER_PROPERTY);
        if (named != null && !named.isBlank()) {
            Path folder = Path.of(named.trim());
            if (!Files.isDirectory(folder)) {
                throw new IllegalStateException("the assignment strategy plugin folder " + folder
                        + " (system property " + FOLDER_PROPERTY + ") is not a directory");
            }
            return open(folder, parent);
        }
        String jettyBase = systemProperties.apply("jetty.base");
        Path folder = jettyBase == null || jettyBase.isBlank() ? null : Path.of(jettyBase.trim(), DEFAULT_FOLDER);
        if (folder == null || !Files.isDirectory(folder)) {
            LOG.info("[plugins] no plugin folder ({} is not set{}); built-in assignment strategies only",
                    FOLDER_PROPERTY, folder == null ? ", nor is jetty.base" : " and " + folder + " is missing");
            return open((Path) null, parent);
        }
        return open(folder, parent);
    }

    /**
     * The built-in strategies of {@code parent} and the plugins in {@code folder}.
     *
     * @param folder an existing directory, or {@code null} for built-in strategies only
     * @throws IllegalStateException for the plugin problems of the class comment
     */
    static PluginLoader open(Path folder, ClassLoader parent) {
        requireNonNull(parent, "parent is null");
        List<Path> jars = folder == null ? List.of() : jarsIn(folder);
        URLClassLoader loader = jars.isEmpty() ? null : new URLClassLoader("dtable-cluster-plugins", urls(jars), parent);
        try {
            List<Path> contributing = new ArrayList<>();
            for (Path jar : jars) {
                List<String> classes = serviceEntries(jar);
                for (String className : classes) {
                    checkComesFrom(jar, className, loader);
                }
                if (classes.isEmpty()) {
                    LOG.warn("[plugins folder={}] {} lists no assignment strategy (no {}); ignored", folder,
                            jar.getFileName(), SERVICE_FILE);
                } else {
                    contributing.add(jar);
                }
            }
            StrategyRegistry registry = StrategyRegistry.load(loader == null ? parent : loader);
            PluginLoader plugins = new PluginLoader(folder, contributing, loader, registry);
            plugins.logStrategies();
            return plugins;
        } catch (RuntimeException | Error e) {
            closeQuietly(loader);
            throw e;
        }
    }

    /** Every strategy available: built in and from plugins. */
    public StrategyRegistry registry() {
        return registry;
    }

    /** The plugin folder in use, or {@code null} when there is none. */
    public Path folder() {
        return folder;
    }

    /** The jars that provide at least one strategy, sorted by file name. */
    public List<Path> jars() {
        return jars;
    }

    /** Whether {@code strategy} came from a plugin jar (rather than the WAR). */
    public boolean isPlugin(AssignmentStrategy strategy) {
        return loader != null && strategy.getClass().getClassLoader() == loader;
    }

    @Override
    public void close() {
        if (loader != null && closed.compareAndSet(false, true)) {
            closeQuietly(loader);
            LOG.info("[plugins folder={}] closed the plugin class loader", folder);
        }
    }

    private void logStrategies() {
        for (String name : registry.names()) {
            AssignmentStrategy s = registry.get(name);
            LOG.info("[plugins folder={}] assignment strategy '{}': {}, {}", folder, name,
                    StrategyRegistry.describe(s.getClass()), isPlugin(s) ? "plugin" : "built in");
        }
    }

    private static List<Path> jarsIn(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jar"))
                    .map(p -> p.toAbsolutePath().normalize())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the plugin folder " + folder, e);
        }
    }

    private static URL[] urls(List<Path> jars) {
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = jars.get(i).toUri().toURL();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return urls;
    }

    /** The class names in the jar's service file, as {@link java.util.ServiceLoader} reads them. */
    static List<String> serviceEntries(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            ZipEntry entry = file.getEntry(SERVICE_FILE);
            if (entry == null) {
                return List.of();
            }
            List<String> names = new ArrayList<>();
            try (InputStream in = file.getInputStream(entry);
                    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    int comment = line.indexOf('#');
                    String name = (comment >= 0 ? line.substring(0, comment) : line).trim();
                    if (!name.isEmpty()) {
                        names.add(name);
                    }
                }
            }
            return names;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the assignment strategy plugin " + jar + ": " + e, e);
        }
    }

    /**
     * The class must load from {@code jar}: the loader asks the WAR first and the jars in order,
     * so a class found elsewhere is built in or in an earlier jar, and this jar's copy would be
     * ignored without a word.
     */
    private static void checkComesFrom(Path jar, String className, ClassLoader loader) {
        Class<?> type;
        try {
            type = Class.forName(className, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException("assignment strategy plugin " + jar + " lists " + className
                    + " in " + SERVICE_FILE + ", but the class cannot be loaded: " + e, e);
        }
        URL from = location(type);
        Path fromPath = asPath(from);
        if (!jar.equals(fromPath)) {
            boolean plugin = type.getClassLoader() == loader;
            throw new IllegalStateException("two jars provide assignment strategy class " + className + ": "
                    + jar + " and " + (plugin ? "the plugin " : "the WAR's ")
                    + (fromPath != null ? fromPath : from != null ? from : "(location unknown)")
                    + "; remove one of them");
        }
    }

    private static URL location(Class<?> type) {
        try {
            CodeSource source = type.getProtectionDomain().getCodeSource();
            return source == null ? null : source.getLocation();
        } catch (SecurityException e) {
            return null;
        }
    }

    private static Path asPath(URL url) {
        try {
            return url == null || !"file".equals(url.getProtocol()) ? null
                    : Path.of(url.toURI()).toAbsolutePath().normalize();
        } catch (Exception e) {
            return null;
        }
    }

    private static void closeQuietly(URLClassLoader loader) {
        if (loader == null) {
            return;
        }
        try {
            loader.close();
        } catch (IOException e) {
            LOG.warn("[plugins] closing the plugin class loader failed", e);
        }
    }
}
