package org.dtablecluster.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.dtablecluster.config.EtcdSettings;

/**
 * A real etcd cluster of 1, 3 or 5 members on free loopback ports, for tests. Data lives in a
 * temporary directory (on {@code /dev/shm} when there is one, for fast fsync) that {@link #close()}
 * deletes; each member logs to {@code target/etcd-logs/}. Members can be stopped, killed and
 * restarted; a restarted member keeps its ports and data.
 *
 * <p>Use it through {@link EtcdClusterExtension} in JUnit tests, or directly with
 * try-with-resources.
 */
public class EtcdCluster implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REVISION = Pattern.compile("\"revision\":(\\d+)");
    private static final int PORT_ATTEMPTS = 5;

    private final String configuredName;
    private final int memberCount;
    private final int heartbeatMillis;
    private final int electionMillis;
    private final Duration startTimeout;
    private final Path logDir;
    private final List<String> extraArgs;
    private final String token = "dtc-test-" + UUID.randomUUID();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final List<Client> clients = new CopyOnWriteArrayList<>();
    private final List<EtcdMember> members = new ArrayList<>();
    // kept after close() so a failure reported after tear-down can still show the logs
    private final List<Path> logFiles = new ArrayList<>();
    private Path dataRoot;
    private boolean started;

    protected EtcdCluster(AbstractBuilder<?> builder) {
        this.configuredName = builder.name;
        this.memberCount = builder.members;
        this.heartbeatMillis = builder.heartbeatMillis;
        this.electionMillis = builder.electionMillis;
        this.startTimeout = builder.startTimeout;
        this.logDir = builder.logDir;
        this.extraArgs = List.copyOf(builder.extraArgs);
    }

    /** A cluster outside JUnit's lifecycle; tests use {@link EtcdClusterExtension#builder()}. */
    public static Builder standalone() {
        return new Builder();
    }

    /** Starts every member on fresh ports and waits until all are healthy. Idempotent. */
    public void start() {
        start("etcd");
    }

    /** As {@link #start()}; {@code defaultName} names the log files unless the builder named them. */
    protected synchronized void start(String defaultName) {
        if (started) {
            return;
        }
        String name = configuredName != null ? configuredName : defaultName;
        EtcdBinaries.requireInstalled();
        try {
            Files.createDirectories(logDir);
            dataRoot = Files.createTempDirectory(tempRoot(), "dtc-etcd-");
            logFiles.clear();
            for (int i = 0; i < memberCount; i++) {
                String memberName = "m" + (i + 1);
                Path log = logDir.resolve(name + "-" + memberName + ".log");
                Files.deleteIfExists(log);
                logFiles.add(log);
                members.add(new EtcdMember(this, i, memberName, dataRoot.resolve(memberName), log));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare etcd directories", e);
        }
        started = true;
        for (int attempt = 1; ; attempt++) {
            try {
                assignFreePorts();
                for (EtcdMember m : members) {
                    launch(m);
                }
                awaitHealthy(members, startTimeout);
                return;
            } catch (PortClashException e) {
                stopAllQuietly();
                wipeDataDirs();
                if (attempt == PORT_ATTEMPTS) {
                    throw new IllegalStateException("etcd could not bind free ports after " + attempt
                            + " attempts\n" + logTails(30), e);
                }
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }
    }

    /** The members in order; index 0 is {@code m1}. */
    public synchronized List<EtcdMember> members() {
        return List.copyOf(members);
    }

    public synchronized EtcdMember member(int index) {
        return members.get(index);
    }

    /** Every member's client URL, whether running or not. */
    public synchronized List<URI> clientEndpoints() {
        return members.stream().map(EtcdMember::clientEndpoint).toList();
    }

    /** The client URLs of the members that are running now. */
    public synchronized List<URI> runningClientEndpoints() {
        return members.stream().filter(EtcdMember::isRunning).map(EtcdMember::clientEndpoint).toList();
    }

    /** Settings that reach this cluster, for code under test that takes {@link EtcdSettings}. */
    public EtcdSettings settings(String keyPrefix) {
        return new EtcdSettings(clientEndpoints(), keyPrefix, Optional.empty(), Optional.empty(),
                Duration.ofSeconds(5));
    }

    /** A jetcd client on every member; closed by {@link #close()}. */
    public Client newClient() {
        return newClient(b -> { });
    }

    /** A jetcd client on every member, customised; closed by {@link #close()}. */
    public Client newClient(Consumer<ClientBuilder> customizer) {
        return newClient(clientEndpoints(), customizer);
    }

    /** A jetcd client on the given endpoints (a {@link org.dtablecluster.simulator.TcpRelay}'s, say); closed by {@link #close()}. */
    public Client newClient(List<URI> endpoints, Consumer<ClientBuilder> customizer) {
        ClientBuilder b = Client.builder().endpoints(endpoints.toArray(URI[]::new));
        customizer.accept(b);
        Client client = b.build();
        clients.add(client);
        return client;
    }

    /** SIGTERM to every member; waits for them to exit. */
    public void stopAll() {
        members().forEach(EtcdMember::stop);
    }

    /** SIGKILL to every member. */
    public void killAll() {
        members().forEach(EtcdMember::kill);
    }

    /** Starts every member that is not running, then waits until all are healthy. */
    public void startAll() {
        List<EtcdMember> down = members().stream().filter(m -> !m.isRunning()).toList();
        for (EtcdMember m : down) {
            launchKeepingPorts(m);
        }
        awaitHealthy(members(), startTimeout);
    }

    /** Stops and starts the whole cluster; it comes back with its data on the same ports. */
    public void restartAll() {
        stopAll();
        startAll();
    }

    /** Waits until every running member answers {@code /health} with true. */
    public void awaitHealthy(Duration timeout) {
        awaitHealthy(members().stream().filter(EtcdMember::isRunning).toList(), timeout);
    }

    /**
     * Runs {@code etcdctl} (API v3) against the running members and returns its stdout.
     *
     * @throws IllegalStateException when etcdctl exits non-zero; the message has its stderr
     */
    public String etcdctl(String... args) {
        EtcdctlResult r = tryEtcdctl(args);
        if (r.exitCode() != 0) {
            throw new IllegalStateException("etcdctl " + String.join(" ", args) + " exited " + r.exitCode()
                    + ": " + r.stderr().strip());
        }
        return r.stdout();
    }

    /** Runs {@code etcdctl} against the running members and returns whatever happened. */
    public EtcdctlResult tryEtcdctl(String... args) {
        List<URI> endpoints = runningClientEndpoints();
        return tryEtcdctl(endpoints.isEmpty() ? clientEndpoints() : endpoints, args);
    }

    /** As {@link #etcdctl(String...)}, against one endpoint only (a member, or a proxy). */
    public String etcdctlAt(URI endpoint, String... args) {
        EtcdctlResult r = tryEtcdctlAt(endpoint, args);
        if (r.exitCode() != 0) {
            throw new IllegalStateException("etcdctl at " + endpoint + " " + String.join(" ", args) + " exited "
                    + r.exitCode() + ": " + r.stderr().strip());
        }
        return r.stdout();
    }

    public EtcdctlResult tryEtcdctlAt(URI endpoint, String... args) {
        return tryEtcdctl(List.of(endpoint), args);
    }

    private EtcdctlResult tryEtcdctl(List<URI> endpoints, String... args) {
        List<String> command = new ArrayList<>();
        command.add(EtcdBinaries.etcdctl());
        command.add("--endpoints=" + endpoints.stream().map(URI::toString).collect(Collectors.joining(",")));
        command.add("--dial-timeout=2s");
        command.add("--command-timeout=5s");
        command.addAll(List.of(args));
        try {
            File out = File.createTempFile("etcdctl", ".out");
            File err = File.createTempFile("etcdctl", ".err");
            try {
                ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out).redirectError(err);
                cleanEnvironment(pb.environment());
                Process p = pb.start();
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("etcdctl " + String.join(" ", args) + " timed out");
                }
                return new EtcdctlResult(p.exitValue(), Files.readString(out.toPath(), UTF_8),
                        Files.readString(err.toPath(), UTF_8));
            } finally {
                Files.deleteIfExists(out.toPath());
                Files.deleteIfExists(err.toPath());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run etcdctl", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Waits until every running member follows the same leader, itself a running member, and
     * returns that leader. After killing a leader, call this before writing: a write sent while
     * the followers still believe in the dead leader waits for etcd's request timeout (seconds).
     */
    public EtcdMember awaitLeader(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (true) {
            List<EtcdMember> running = members().stream().filter(EtcdMember::isRunning).toList();
            EtcdctlResult r = tryEtcdctl(running.stream().map(EtcdMember::clientEndpoint).toList(),
                    "--command-timeout=1s", "endpoint", "status", "--write-out=json");
            last = r.stdout() + r.stderr();
            if (r.exitCode() == 0) {
                EtcdMember leader = agreedLeader(running, r.stdout());
                if (leader != null) {
                    return leader;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no leader agreed by " + running + " within " + timeout + ": " + last);
            }
            sleep(Duration.ofMillis(50));
        }
    }

    private static EtcdMember agreedLeader(List<EtcdMember> running, String statusJson) {
        JsonNode statuses;
        try {
            statuses = JSON.readTree(statusJson);
        } catch (IOException e) {
            return null;
        }
        String leaderId = null;
        EtcdMember leader = null;
        for (JsonNode s : statuses) {
            String lead = s.path("Status").path("leader").asText();
            if (lead.isEmpty() || lead.equals("0") || (leaderId != null && !leaderId.equals(lead))) {
                return null;
            }
            leaderId = lead;
            if (lead.equals(s.path("Status").path("header").path("member_id").asText())) {
                String endpoint = s.path("Endpoint").asText();
                leader = running.stream().filter(m -> m.clientEndpoint().toString().equals(endpoint)).findFirst()
                        .orElse(null);
            }
        }
        return statuses.size() == running.size() ? leader : null;
    }

    /** The current revision of the keyspace. */
    public long currentRevision() {
        Matcher m = REVISION.matcher(etcdctl("get", "--write-out=json", "dtable-cluster-test/revision-probe"));
        if (!m.find()) {
            throw new IllegalStateException("no revision in etcdctl output");
        }
        return Long.parseLong(m.group(1));
    }

    /** Compacts the history up to the current revision and returns that revision. */
    public long compact() {
        long revision = currentRevision();
        etcdctl("compact", Long.toString(revision));
        return revision;
    }

    /** Deletes every key. */
    public void deleteAllKeys() {
        etcdctl("del", "--prefix", "");
    }

    /** The last {@code lines} lines of every member's log, for failure reports. */
    public synchronized String logTails(int lines) {
        StringBuilder sb = new StringBuilder();
        for (Path log : logFiles) {
            sb.append("---- etcd log tail (").append(log.toAbsolutePath()).append(") ----\n");
            try {
                List<String> all = Files.exists(log) ? Files.readAllLines(log, UTF_8) : List.of();
                all.subList(Math.max(0, all.size() - lines), all.size()).forEach(l -> sb.append(l).append('\n'));
            } catch (IOException e) {
                sb.append("(unreadable: ").append(e).append(")\n");
            }
        }
        return sb.toString();
    }

    /** Closes the clients, kills every member and deletes the data. Idempotent. */
    @Override
    public synchronized void close() {
        for (Client c : clients) {
            try {
                c.close();
            } catch (RuntimeException e) {
                // a client of a dead cluster may complain while closing; nothing to do
            }
        }
        clients.clear();
        stopAllQuietly();
        if (dataRoot != null) {
            deleteRecursively(dataRoot);
            dataRoot = null;
        }
        members.clear();
        started = false;
    }

    void startMember(EtcdMember member) {
        launchKeepingPorts(member);
        awaitHealthy(List.of(member), startTimeout);
    }

    // A restarted member must come back on its own ports; if another process took one meanwhile,
    // wait a little for it to go away rather than change the cluster's membership.
    private void launchKeepingPorts(EtcdMember member) {
        for (int attempt = 1; ; attempt++) {
            launch(member);
            try {
                awaitProcessSettled(member);
                return;
            } catch (PortClashException e) {
                if (attempt == PORT_ATTEMPTS) {
                    throw new IllegalStateException(member + " cannot get its ports back\n" + logTails(20), e);
                }
                sleep(Duration.ofMillis(500L * attempt));
            }
        }
    }

    private void launch(EtcdMember member) {
        List<String> command = new ArrayList<>(List.of(
                EtcdBinaries.etcd(),
                "--name", member.name(),
                "--data-dir", member.dataDir().toString(),
                "--logger=zap",
                "--log-outputs=stderr",
                "--listen-client-urls", member.clientEndpoint().toString(),
                "--advertise-client-urls", member.clientEndpoint().toString(),
                "--listen-peer-urls", member.peerEndpoint().toString(),
                "--initial-advertise-peer-urls", member.peerEndpoint().toString(),
                "--initial-cluster", initialCluster(),
                "--initial-cluster-state", "new",
                "--initial-cluster-token", token,
                "--heartbeat-interval", Integer.toString(heartbeatMillis),
                "--election-timeout", Integer.toString(electionMillis),
                "--pre-vote=true"));
        command.addAll(extraArgs);
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(member.logFile().toFile()));
        cleanEnvironment(pb.environment());
        if (System.getProperty("os.arch", "").equals("aarch64")) {
            pb.environment().put("ETCD_UNSUPPORTED_ARCH", "arm64");
        }
        try {
            member.launch(pb);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    private String initialCluster() {
        return members.stream().map(m -> m.name() + "=" + m.peerEndpoint()).collect(Collectors.joining(","));
    }

    // etcd exits at once when a port is taken; give it a moment to show that before polling health.
    private void awaitProcessSettled(EtcdMember member) {
        long deadline = System.nanoTime() + Duration.ofMillis(300).toNanos();
        while (System.nanoTime() < deadline) {
            checkAlive(member);
            sleep(Duration.ofMillis(20));
        }
        checkAlive(member);
    }

    private void awaitHealthy(List<EtcdMember> targets, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<EtcdMember> pending = new ArrayList<>(targets);
        while (true) {
            for (EtcdMember m : pending) {
                checkAlive(m);
            }
            pending.removeIf(this::isHealthy);
            if (pending.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("etcd members " + pending + " not healthy after " + timeout
                        + "\n" + logTails(30));
            }
            sleep(Duration.ofMillis(50));
        }
    }

    private void checkAlive(EtcdMember m) {
        if (m.hasExited()) {
            if (m.logSinceLaunch().contains("address already in use")) {
                throw new PortClashException(m + " found a port taken");
            }
            throw new IllegalStateException("etcd " + m.name() + " exited during start-up\n" + logTails(40));
        }
    }

    boolean isHealthy(EtcdMember m) {
        HttpRequest request = HttpRequest.newBuilder(m.clientEndpoint().resolve("/health"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().replace(" ", "").contains("\"health\":\"true\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    // Bind-probe: the kernel hands out a port that is free now; keep every probe socket open until
    // all are chosen so the members never get the same port twice.
    private void assignFreePorts() {
        List<ServerSocket> probes = new ArrayList<>();
        try {
            for (int i = 0; i < memberCount * 2; i++) {
                ServerSocket s = new ServerSocket();
                s.setReuseAddress(false);
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                probes.add(s);
            }
            for (int i = 0; i < memberCount; i++) {
                members.get(i).assignPorts(probes.get(2 * i).getLocalPort(), probes.get(2 * i + 1).getLocalPort());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find free loopback ports", e);
        } finally {
            for (ServerSocket s : probes) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }

    private void stopAllQuietly() {
        for (EtcdMember m : members) {
            try {
                m.kill();
            } catch (RuntimeException ignored) {
                // keep killing the others
            }
        }
    }

    void wipeDataOf(EtcdMember member) {
        deleteRecursively(member.dataDir());
    }

    private void wipeDataDirs() {
        for (EtcdMember m : members) {
            deleteRecursively(m.dataDir());
        }
    }

    private static void cleanEnvironment(Map<String, String> env) {
        Set.copyOf(env.keySet()).stream().filter(k -> k.startsWith("ETCD")).forEach(env::remove);
        env.put("ETCDCTL_API", "3");
    }

    private static Path tempRoot() {
        Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** What one etcdctl run printed. */
    public record EtcdctlResult(int exitCode, String stdout, String stderr) {
    }

    private static final class PortClashException extends RuntimeException {
        PortClashException(String message) {
            super(message);
        }
    }

    /** Builds a standalone {@link EtcdCluster}. */
    public static final class Builder extends AbstractBuilder<Builder> {
        private Builder() {
        }

        public EtcdCluster build() {
            return new EtcdCluster(this);
        }
    }

    /** Configures a cluster; every setting has a default fit for tests. */
    @SuppressWarnings("unchecked")
    public abstract static class AbstractBuilder<B extends AbstractBuilder<B>> {
        private String name;
        private int members = 1;
        private int heartbeatMillis = 50;
        private int electionMillis = 500;
        private Duration startTimeout = Duration.ofSeconds(30);
        private Path logDir = Path.of("target", "etcd-logs");
        private final List<String> extraArgs = new ArrayList<>();

        protected AbstractBuilder() {
        }

        /** How many members: 1, 3 or 5. */
        public B members(int members) {
            if (members != 1 && members != 3 && members != 5) {
                throw new IllegalArgumentException("members must be 1, 3 or 5, was " + members);
            }
            this.members = members;
            return (B) this;
        }

        /** A name for the log files; the extension uses the test class name. */
        public B name(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank");
            }
            this.name = name;
            return (B) this;
        }

        /** Raft timing in milliseconds: heartbeat in [10, 1000], election at least 5 heartbeats. */
        public B raftTiming(int heartbeatMillis, int electionMillis) {
            if (heartbeatMillis < 10 || heartbeatMillis > 1000) {
                throw new IllegalArgumentException("heartbeat must be in [10, 1000] ms, was " + heartbeatMillis);
            }
            if (electionMillis < 5 * heartbeatMillis) {
                throw new IllegalArgumentException("election timeout must be at least 5 heartbeats ("
                        + 5 * heartbeatMillis + " ms), was " + electionMillis);
            }
            this.heartbeatMillis = heartbeatMillis;
            this.electionMillis = electionMillis;
            return (B) this;
        }

        public B startTimeout(Duration startTimeout) {
            if (startTimeout.isNegative() || startTimeout.isZero()) {
                throw new IllegalArgumentException("startTimeout must be positive, was " + startTimeout);
            }
            this.startTimeout = startTimeout;
            return (B) this;
        }

        public B logDir(Path logDir) {
            this.logDir = logDir;
            return (B) this;
        }

        /** More etcd flags, such as {@code --max-txn-ops=16}. */
        public B extraArgs(String... args) {
            extraArgs.addAll(List.of(args));
            return (B) this;
        }

    }
}
