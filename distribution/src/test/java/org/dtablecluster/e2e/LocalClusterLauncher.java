package org.dtablecluster.e2e;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Drives {@code bin/dtable-cluster-local} as a user does, with every port chosen free and the run
 * directory in a test folder: one foreground start whose output goes to a file, and short
 * commands ({@code stop}, {@code status}, a second start) that run to their end.
 */
final class LocalClusterLauncher implements AutoCloseable {

    /** The line the launcher prints once everything runs. */
    static final String RUNNING = "dtable-cluster local cluster is running";

    private final Path script;
    private final Path runDir;
    private final Path output;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<Integer> etcdClientPorts;
    private final int proxyPort;
    private final int adminPort;
    private final List<Integer> allPorts;
    private Process foreground;
    private Process watchdog;
    private int commands;

    LocalClusterLauncher(Path work, int leaseTtlSeconds) {
        this.script = repo().resolve("bin/dtable-cluster-local");
        this.runDir = work.resolve("run");
        this.output = work.resolve("launcher.out");
        List<Integer> ports = freePorts(15);
        this.allPorts = ports;
        this.proxyPort = ports.get(0);
        this.adminPort = ports.get(1);
        this.etcdClientPorts = ports.subList(9, 12);
        env.put("DTABLE_CLUSTER_RUN_DIR", runDir.toString());
        env.put("DTABLE_CLUSTER_PROXY_PORT", String.valueOf(proxyPort));
        env.put("DTABLE_CLUSTER_ADMIN_PORT", String.valueOf(adminPort));
        env.put("DTABLE_CLUSTER_SIM_PORTS", ports.get(2) + " " + ports.get(3));
        env.put("DTABLE_CLUSTER_NODE_ADMIN_PORTS", ports.get(4) + " " + ports.get(5));
        env.put("DTABLE_CLUSTER_NODE_PROXY_PORTS", ports.get(6) + " " + ports.get(7));
        env.put("DTABLE_CLUSTER_ETCD_CLIENT_PORTS", join(etcdClientPorts));
        env.put("DTABLE_CLUSTER_ETCD_PEER_PORTS", join(ports.subList(12, 15)));
        env.put("DTABLE_CLUSTER_LEASE_TTL", String.valueOf(leaseTtlSeconds));
        env.put("DTABLE_CLUSTER_START_TIMEOUT", "60");
        // What Maven just assembled; the launcher must not build inside the build.
        env.put("DTABLE_CLUSTER_SKIP_BUILD", "1");
        env.put("DTABLE_CLUSTER_DIST", JettyProcess.distribution().toString());
        env.put("DTABLE_CLUSTER_JETTY_HOME", JettyProcess.jettyHome().toString());
        env.put("JAVA", JettyProcess.javaBin());
        env.put("DTABLE_CLUSTER_JAVA_OPTS", "-Xmx192m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
        // ports.get(8) stays unused: proof that the launcher needs exactly the ports it is given.
    }

    static Path repo() {
        return Path.of(requireNonNull(System.getProperty("dtable.cluster.repo"),
                "system property dtable.cluster.repo is not set: run the end-to-end tests with Maven"))
                .toAbsolutePath().normalize();
    }

    /** Starts the launcher in the foreground, as {@code bin/dtable-cluster-local} in a terminal. */
    void start() {
        try {
            foreground = builder("start").redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile())).start();
            startWatchdog();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for {@link #RUNNING}; fails with the launcher's output if it ends or times out. */
    void awaitRunning(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!output().contains(RUNNING)) {
            if (!foreground.isAlive()) {
                throw new AssertionError("the launcher ended with " + foreground.exitValue() + ":\n" + output());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the launcher did not report a running cluster in " + timeout + ":\n" + output());
            }
            sleep(200);
        }
    }

    /** Runs {@code bin/dtable-cluster-local <command>} to its end. */
    Result run(String command, Duration timeout) {
        Path out = output.resolveSibling(command + "-" + (++commands) + ".out");
        try {
            Process p = builder(command).redirectOutput(out.toFile()).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("'" + command + "' did not end in " + timeout + ":\n" + Files.readString(out));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Result(int exitCode, String output) {
    }

    private ProcessBuilder builder(String command) {
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), command)
                .directory(repo().toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        return pb;
    }

    /** If this JVM dies without closing the launcher, the cluster is stopped anyway. */
    private void startWatchdog() throws IOException {
        String script = "while kill -0 " + ProcessHandle.current().pid() + " 2>/dev/null; do sleep 1; done; "
                + "exec bash '" + this.script + "' stop";
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", script)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(env);
        watchdog = pb.start();
    }

    Process foreground() {
        return foreground;
    }

    String output() {
        try {
            return Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path runDir() {
        return runDir;
    }

    String proxyUrl() {
        return "http://127.0.0.1:" + proxyPort;
    }

    String adminUrl() {
        return "http://127.0.0.1:" + adminPort;
    }

    List<String> etcdEndpoints() {
        return etcdClientPorts.stream().map(p -> "http://127.0.0.1:" + p).toList();
    }

    List<Integer> ports() {
        return allPorts;
    }

    /** The pid the launcher recorded for one of its processes, such as {@code sim-dtable-server-01}. */
    OptionalLong pid(String name) {
        Path file = runDir.resolve("pids").resolve(name + ".pid");
        try {
            return Files.exists(file) ? OptionalLong.of(Long.parseLong(Files.readString(file).trim())) : OptionalLong.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Names of the pid files in the run directory. */
    List<String> pidFiles() {
        Path dir = runDir.resolve("pids");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Live processes whose command line names the run directory: every one the launcher started. */
    List<ProcessHandle> processesOfRunDir() {
        String mark = runDir + "/";
        return ProcessHandle.allProcesses()
                .filter(h -> h.info().commandLine().map(c -> c.contains(mark)).orElse(false))
                .toList();
    }

    static String describe(List<ProcessHandle> processes) {
        List<String> lines = new ArrayList<>();
        for (ProcessHandle h : processes) {
            Optional<String> cmd = h.info().commandLine();
            lines.add(h.pid() + " " + cmd.map(c -> c.length() > 160 ? c.substring(0, 160) + "…" : c).orElse("?"));
        }
        return String.join("\n", lines);
    }

    /** Stops whatever still runs, even after a failed test. */
    @Override
    public void close() {
        try {
            if (foreground != null && foreground.isAlive() || !processesOfRunDir().isEmpty()) {
                run("stop", Duration.ofSeconds(90));
            }
        } finally {
            if (foreground != null) {
                foreground.destroyForcibly();
            }
            // the last resort: by pid, only processes carrying this run directory
            processesOfRunDir().forEach(ProcessHandle::destroyForcibly);
            if (watchdog != null) {
                watchdog.destroyForcibly();
            }
        }
    }

    private static List<Integer> freePorts(int count) {
        Set<Integer> ports = new HashSet<>();
        List<Integer> ordered = new ArrayList<>();
        while (ordered.size() < count) {
            int p = JettyProcess.freePort();
            if (ports.add(p)) {
                ordered.add(p);
            }
        }
        return List.copyOf(ordered);
    }

    private static String join(List<Integer> ports) {
        return String.join(" ", ports.stream().map(String::valueOf).toList());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
