package org.dtablecluster.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.dtablecluster.testing.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, end to end: {@code bin/dtable-cluster-local} starts a 3-member etcd,
 * two dtable-server simulators with their node agents and the proxy with the monitor; requests
 * for every bucket reach the owner etcd names; a rebalance evens out a skewed split; a node
 * killed with SIGKILL loses its buckets to the other after the lease TTL; {@code stop} leaves
 * no process behind.
 */
class LocalClusterEndToEndTest {

    private static final int LEASE_TTL_SECONDS = 5;
    private static final String NODE_1 = "dtable-server-01";
    private static final String NODE_2 = "dtable-server-02";
    private static final String NODE_HEADER = "X-Dtable-Server-Node";

    @TempDir
    Path work;

    private LocalClusterLauncher launcher;
    private Client etcd;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void startCluster() {
        launcher = new LocalClusterLauncher(work, LEASE_TTL_SECONDS);
        launcher.start();
    }

    /** When a step fails early, the stop is still checked: it must leave nothing behind either. */
    @AfterEach
    void stopCluster() throws Exception {
        try {
            if (etcd != null) {
                etcd.close();
            }
            if (launcher.foreground().isAlive()) {
                stopLeavesNothingBehind();
            }
        } finally {
            launcher.close();
        }
    }

    @Test
    void startRouteRebalanceFailOverAndStop() throws Exception {
        launcher.awaitRunning(Duration.ofSeconds(150));

        secondStartIsRefused();
        LocalClusterLauncher.Result status = launcher.run("status", Duration.ofSeconds(30));
        assertEquals(0, status.exitCode(), status.output());
        assertTrue(status.output().matches("(?s).*proxy\\s+pid \\d+\\s+running.*"), status.output());
        for (String log : List.of("node-" + NODE_1, "node-" + NODE_2, "proxy")) {
            String text = Files.readString(launcher.runDir().resolve("logs/" + log + ".log"));
            assertFalse(text.contains("unknown key"), "the launcher wrote a config key the WAR does not know:\n" + text);
        }

        etcd = Client.builder().endpoints(launcher.etcdEndpoints().toArray(String[]::new)).build();

        Map<String, String> owners = assignment();
        assertEquals(256, owners.size(), "assign-00 … assign-ff after start-up: " + owners);
        Map<String, Long> split = counts(owners);
        assertEquals(Set.of(NODE_1, NODE_2), split.keySet(), "both nodes own buckets: " + split);
        assertPrintedSplit(launcher.output(), split);
        assertTrue(launcher.output().contains("curl -X POST " + launcher.adminUrl() + "/rebalance/"), launcher.output());

        everyBucketReachesItsOwner();

        // Skew the split as a node joining late would (dtable-web sees these keys the same way),
        // then let the monitor even it out.
        skew(owners, NODE_2, NODE_1, 32);
        Poll.until(Duration.ofSeconds(10), () -> counts(assignment()).getOrDefault(NODE_1, 0L) == split.get(NODE_1) + 32,
                () -> "skewed split not visible: " + counts(assignment()));
        HttpResponse<String> rebalance = rebalance();
        assertEquals(200, rebalance.statusCode(), rebalance.body());
        assertTrue(rebalance.body().matches("(?s).*\"moved\"\\s*:\\s*[1-9].*"), rebalance.body());
        Poll.until(Duration.ofSeconds(10), () -> counts(assignment()).equals(Map.of(NODE_1, 128L, NODE_2, 128L)),
                () -> "after POST /rebalance/ " + rebalance.body() + "\nsplit: " + counts(assignment()));
        everyBucketReachesItsOwner();

        killNode(NODE_1);
        Poll.until(Duration.ofSeconds(LEASE_TTL_SECONDS + 30), () -> counts(assignment()).equals(Map.of(NODE_2, 256L)),
                () -> NODE_1 + " killed " + (LEASE_TTL_SECONDS + 30) + " s ago; split: " + counts(assignment()));
        assertTrue(get(NODE_1).isEmpty(), "the registration of the killed node expired with its lease");
        // every base, in both forms, now answered by the survivor
        everyBucketReachesItsOwner();
        Poll.until(Duration.ofSeconds(10), () -> launcher.output().contains("sim-" + NODE_1 + " (pid"),
                () -> "the launcher did not report the killed simulator:\n" + launcher.output());

        stopLeavesNothingBehind();
    }

    private void secondStartIsRefused() {
        LocalClusterLauncher.Result second = launcher.run("start", Duration.ofSeconds(60));
        assertNotEquals(0, second.exitCode(), second.output());
        assertTrue(second.output().contains("already running"), second.output());
        assertTrue(launcher.foreground().isAlive(), "the first launcher keeps running");
        assertTrue(JettyProcess.accepts(launcher.ports().get(0)), "the proxy keeps its port");
    }

    /** One base per bucket, in both UUID forms: each answered by the node etcd names. */
    private void everyBucketReachesItsOwner() {
        Poll.until(Duration.ofSeconds(15), () -> misrouted().isEmpty(), () -> "misrouted: " + misrouted());
    }

    private List<String> misrouted() {
        Map<String, String> owners = assignment();
        List<String> wrong = new ArrayList<>();
        for (int bucket = 0; bucket < 256; bucket++) {
            String owner = owners.get(String.format("%02x", bucket));
            for (boolean dashed : new boolean[] {true, false}) {
                String uuid = uuid(bucket, dashed);
                HttpResponse<String> r = proxyGet(uuid);
                String served = r.headers().firstValue(NODE_HEADER).orElse("none");
                if (r.statusCode() != 200 || !served.equals(owner)) {
                    wrong.add(uuid + " owner=" + owner + " served=" + served + " status=" + r.statusCode());
                }
            }
        }
        return wrong;
    }

    private void killNode(String node) {
        for (String name : List.of("sim-" + node, "node-" + node)) {
            long pid = launcher.pid(name).orElseThrow(() -> new AssertionError("no pid file for " + name));
            ProcessHandle h = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError(name + " is not running"));
            assertTrue(h.destroyForcibly(), "SIGKILL " + name);
            h.onExit().orTimeout(10, TimeUnit.SECONDS).join();
        }
    }

    private void stopLeavesNothingBehind() throws Exception {
        LocalClusterLauncher.Result stop = launcher.run("stop", Duration.ofSeconds(90));
        assertEquals(0, stop.exitCode(), stop.output());
        assertTrue(launcher.foreground().waitFor(30, TimeUnit.SECONDS), "the foreground launcher ends on stop");
        assertEquals(0, launcher.foreground().exitValue(), launcher.output());
        List<ProcessHandle> left = launcher.processesOfRunDir();
        assertTrue(left.isEmpty(), "still running:\n" + LocalClusterLauncher.describe(left));
        assertEquals(List.of(), launcher.pidFiles());
        assertFalse(Files.exists(launcher.runDir().resolve("launcher.pid")));
        for (int port : launcher.ports()) {
            assertFalse(JettyProcess.accepts(port), "port " + port + " still accepts connections");
        }
        LocalClusterLauncher.Result status = launcher.run("status", Duration.ofSeconds(30));
        assertEquals(3, status.exitCode(), status.output());
    }

    /** The split the launcher printed ("dtable-server-01  128 buckets") is etcd's. */
    private static void assertPrintedSplit(String output, Map<String, Long> split) {
        Map<String, Long> printed = new TreeMap<>();
        Matcher m = Pattern.compile("(dtable-server-\\d+)\\s+(\\d+) buckets").matcher(output);
        while (m.find()) {
            printed.put(m.group(1), Long.parseLong(m.group(2)));
        }
        assertEquals(split, printed, output);
    }

    private void skew(Map<String, String> owners, String from, String to, int count) throws Exception {
        List<String> buckets = owners.entrySet().stream().filter(e -> e.getValue().equals(from))
                .map(Map.Entry::getKey).limit(count).toList();
        assertEquals(count, buckets.size(), from + " owns too few buckets: " + owners);
        for (String bucket : buckets) {
            etcd.getKVClient().put(bytes("assign-" + bucket), bytes(to)).get(5, TimeUnit.SECONDS);
        }
    }

    private HttpResponse<String> rebalance() {
        // 503 while the monitor is not ready yet (re-registration grace): try again.
        AtomicReference<HttpResponse<String>> last = new AtomicReference<>();
        Poll.until(Duration.ofSeconds(LEASE_TTL_SECONDS + 15), () -> {
            last.set(send(HttpRequest.newBuilder(URI.create(launcher.adminUrl() + "/rebalance/"))
                    .POST(HttpRequest.BodyPublishers.noBody())));
            return last.get().statusCode() != 503;
        }, () -> "POST /rebalance/: " + last.get().statusCode() + " " + last.get().body());
        return last.get();
    }

    /** bucket → owner, from etcd's {@code assign-xx} keys. */
    private Map<String, String> assignment() {
        try {
            List<KeyValue> kvs = etcd.getKVClient().get(bytes("assign-"), GetOption.builder().isPrefix(true).build())
                    .get(5, TimeUnit.SECONDS).getKvs();
            Map<String, String> owners = new TreeMap<>();
            for (KeyValue kv : kvs) {
                owners.put(kv.getKey().toString(StandardCharsets.UTF_8).substring("assign-".length()),
                        kv.getValue().toString(StandardCharsets.UTF_8));
            }
            return owners;
        } catch (Exception e) {
            throw new AssertionError("reading assign-* from etcd", e);
        }
    }

    private String get(String key) throws Exception {
        List<KeyValue> kvs = etcd.getKVClient().get(bytes(key)).get(5, TimeUnit.SECONDS).getKvs();
        return kvs.isEmpty() ? "" : kvs.get(0).getValue().toString(StandardCharsets.UTF_8);
    }

    private static Map<String, Long> counts(Map<String, String> owners) {
        return owners.values().stream().collect(Collectors.groupingBy(o -> o, TreeMap::new, Collectors.counting()));
    }

    /** A base UUID in {@code bucket}: dashed lower case, or 32 hex digits upper case. */
    static String uuid(int bucket, boolean dashed) {
        String u = String.format("%02x", bucket) + "5d0c1e-7a2b-4c3d-9e8f-0a1b2c3d4e5f";
        return dashed ? u : u.replace("-", "").toUpperCase(Locale.ROOT);
    }

    private HttpResponse<String> proxyGet(String uuid) {
        return send(HttpRequest.newBuilder(URI.create(launcher.proxyUrl() + "/dtables/" + uuid)).GET());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }
}
