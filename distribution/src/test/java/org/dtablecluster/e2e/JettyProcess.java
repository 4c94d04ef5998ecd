package org.dtablecluster.e2e;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The unmodified jetty-home running a copy of our assembled jetty-base with the WAR, as an
 * operator runs it: {@code java -jar start.jar jetty.base=…}. Each instance gets its own base in
 * a temporary folder, its own config file and two free loopback ports.
 */
public final class JettyProcess implements AutoCloseable {

    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "jetty-reaper"));
    }

    private final Path base;
    private final int proxyPort;
    private final int adminPort;
    private final Path log;
    private final List<String> extraArgs;
    private final List<String> jvmArgs = new ArrayList<>();
    private Process process;

    private JettyProcess(Path base, int proxyPort, int adminPort, List<String> extraArgs) {
        this.base = base;
        this.proxyPort = proxyPort;
        this.adminPort = adminPort;
        this.log = base.resolve("jetty.log");
        this.extraArgs = List.copyOf(extraArgs);
    }

    /** A fresh copy of the assembled jetty-base holding {@code configJson} as its config. */
    public static JettyProcess prepare(Path workDir, String name, String configJson, String... extraArgs) {
        try {
            Path base = workDir.resolve(name);
            copyTree(distribution().resolve("jetty-base"), base);
            Files.writeString(base.resolve("etc/dtable_server_config.json"), configJson);
            return new JettyProcess(base, freePort(), freePort(), List.of(extraArgs));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Options for the JVM itself (before {@code -jar}), such as {@code -Djdk.net.hosts.file=…}. */
    public JettyProcess jvmArgs(String... args) {
        jvmArgs.addAll(List.of(args));
        return this;
    }

    /**
     * Starts Jetty and waits until both connectors accept connections and the server says it has
     * started: a SIGTERM before that ends the JVM without Jetty's orderly stop.
     */
    public JettyProcess start() {
        start0();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!(accepts(proxyPort) && accepts(adminPort) && log().contains("Started oejs.Server@"))) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Jetty exited with " + process.exitValue() + ":\n" + logTail(40));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Jetty did not open its ports in 60 s:\n" + logTail(40));
            }
            sleep(100);
        }
        return this;
    }

    /** Runs Jetty to its end, for a start that is expected to fail; returns the exit code. */
    public int runToExit(Duration timeout) {
        start0();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("Jetty still runs after " + timeout + ":\n" + logTail(40));
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void start0() {
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xmx256m"));
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-jar", jettyHome().resolve("start.jar").toString(), "jetty.base=" + base,
                "-Ddtable.cluster.proxy.port=" + proxyPort, "-Ddtable.cluster.admin.port=" + adminPort));
        cmd.addAll(extraArgs);
        try {
            process = new ProcessBuilder(cmd).directory(base.toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LIVE.add(process);
    }

    public int proxyPort() {
        return proxyPort;
    }

    public int adminPort() {
        return adminPort;
    }

    public String proxyUrl() {
        return "http://127.0.0.1:" + proxyPort;
    }

    public String adminUrl() {
        return "http://127.0.0.1:" + adminPort;
    }

    public Path base() {
        return base;
    }

    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String logTail(int lines) {
        List<String> all = log().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** SIGKILL: no shutdown hooks, no lease revoke. */
    public void kill() {
        stop(true);
    }

    @Override
    public void close() {
        stop(false);
    }

    private void stop(boolean kill) {
        Process p = process;
        if (p == null) {
            return;
        }
        if (kill) {
            p.destroyForcibly();
        } else {
            p.destroy();
        }
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LIVE.remove(p);
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    static Path distribution() {
        return Path.of(requireNonNull(System.getProperty("dtable.cluster.dist"),
                "system property dtable.cluster.dist is not set: run the end-to-end tests with Maven"));
    }

    static Path jettyHome() {
        return Path.of(requireNonNull(System.getProperty("dtable.cluster.jetty.home"),
                "system property dtable.cluster.jetty.home is not set: run the end-to-end tests with Maven"));
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True when something accepts connections on {@code port} of 127.0.0.1. */
    static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
