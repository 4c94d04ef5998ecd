package org.dtablecluster.plugins;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.dtablecluster.spi.AssignmentStrategy;

/**
 * Builds plugin jars for tests by compiling strategy sources against the plugin API, so that
 * their classes exist only in the jar and not on the test class path (where the plugin loader's
 * parent would find them first).
 */
final class PluginJars {

    private PluginJars() {
    }

    /** A jar holding one strategy class {@code className} named {@code strategyName}, listed in its service file. */
    static Path strategy(Path folder, String jarName, String className, String strategyName) {
        return jar(folder, jarName, Map.of(className, source(className, strategyName)), List.of(className));
    }

    /** The source of a strategy that gives every bucket to the first live node. */
    static String source(String className, String strategyName) {
        int dot = className.lastIndexOf('.');
        return "package " + className.substring(0, dot) + ";\n"
                + "import org.dtablecluster.spi.*;\n"
                + "public final class " + className.substring(dot + 1) + " implements AssignmentStrategy {\n"
                + "  public String name() { return \"" + strategyName + "\"; }\n"
                + "  public Assignment assign(AssignmentRequest r) {\n"
                + "    Assignment.Builder b = r.current().toBuilder();\n"
                + "    for (int i = 0; i < r.bucketCount(); i++) { b.set(i, r.liveNodes().firstKey()); }\n"
                + "    return b.build();\n"
                + "  }\n"
                + "}\n";
    }

    /**
     * A jar of the compiled {@code sources} (class name to source) whose service file lists
     * {@code serviceLines}; no service file when that list is empty.
     */
    static Path jar(Path folder, String jarName, Map<String, String> sources, List<String> serviceLines) {
        try {
            Path work = Files.createTempDirectory(folder.getParent(), "plugin-src");
            List<String> files = new ArrayList<>();
            for (Map.Entry<String, String> e : sources.entrySet()) {
                Path file = work.resolve(e.getKey().replace('.', '/') + ".java");
                Files.createDirectories(file.getParent());
                Files.writeString(file, e.getValue());
                files.add(file.toString());
            }
            Path classes = Files.createDirectories(work.resolve("classes"));
            if (!files.isEmpty()) {
                compile(files, classes);
            }
            Path jar = folder.resolve(jarName);
            try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out);
                    Stream<Path> compiled = Files.walk(classes)) {
                for (Path c : (Iterable<Path>) compiled.filter(Files::isRegularFile)::iterator) {
                    zip.putNextEntry(new JarEntry(classes.relativize(c).toString().replace('\\', '/')));
                    zip.write(Files.readAllBytes(c));
                    zip.closeEntry();
                }
                if (!serviceLines.isEmpty()) {
                    zip.putNextEntry(new JarEntry("META-INF/services/" + AssignmentStrategy.class.getName()));
                    zip.write(("# test plugin\n" + String.join("\n", serviceLines) + "\n")
                            .getBytes(StandardCharsets.UTF_8));
                    zip.closeEntry();
                }
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void compile(List<String> files, Path classes) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("the tests need a JDK: no system Java compiler");
        }
        String api;
        try {
            api = Path.of(AssignmentStrategy.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<String> args = new ArrayList<>(List.of("-classpath", api, "-d", classes.toString(), "--release", "17"));
        args.addAll(files);
        StringWriter errors = new StringWriter();
        OutputStream err = new OutputStream() {
            @Override
            public void write(int b) {
                errors.write(b);
            }
        };
        if (javac.run(null, null, err, args.toArray(new String[0])) != 0) {
            throw new IllegalStateException("compiling the test plugin failed:\n" + errors);
        }
    }
}
