package org.dtablecluster.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short chaos run of OWNERSHIP.md, on the local cluster: clients append rows through the proxy
 * to a base in each of the 256 buckets while the cluster goes through a rebalance under writes, a
 * graceful agent stop, an agent SIGKILL and an agent SIGSTOP past its TTL. Afterwards every
 * acknowledged row is stored exactly once, no two simulators served one bucket at the same time,
 * and the planned events failed no request. {@code bench/chaos-run} without {@code --quick}
 * runs every event the local cluster can stage.
 */
class ChaosRunEndToEndTest {

    /** Offsets from the port base that bench/chaos-run uses. */
    private static final List<Integer> PORT_OFFSETS = List.of(1, 2, 50, 55, 61, 62, 71, 72, 291, 292, 293, 301, 302, 303);
    /** Events that fail no request (OWNERSHIP.md); the others may, while a lease runs out. */
    private static final List<String> PLANNED = List.of("steady", "rebalance", "graceful agent stop", "agent restart");
    private static final Pattern ROW = Pattern.compile(
            "^(\\S.*?)\\s{2,}(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+) \\((\\d+)\\).*$");

    @TempDir
    Path work;

    @Test
    void noAcknowledgedRowIsLostNoBucketHasTwoOwnersAndPlannedMovesFailNoRequest() throws Exception {
        Path repo = LocalClusterLauncher.repo();
        Path out = work.resolve("chaos.out");
        ProcessBuilder pb = new ProcessBuilder("bash", repo.resolve("bench/chaos-run").toString(), "--quick",
                "--expect-clean").directory(repo.toFile()).redirectErrorStream(true).redirectOutput(out.toFile());
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CHAOS_RUN_DIR", work.resolve("run").toString());
        env.put("CHAOS_PORT_BASE", String.valueOf(freePortBase()));
        env.put("DTABLE_CLUSTER_SKIP_BUILD", "1");
        env.put("DTABLE_CLUSTER_DIST", JettyProcess.distribution().toString());
        env.put("DTABLE_CLUSTER_JETTY_HOME", JettyProcess.jettyHome().toString());
        env.put("JAVA", JettyProcess.javaBin());
        env.put("DTABLE_CLUSTER_JAVA_OPTS", "-Xmx192m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
        pb.environment().putAll(env);
        Process run = pb.start();
        boolean ended = run.waitFor(9, TimeUnit.MINUTES);
        if (!ended) {
            run.descendants().forEach(ProcessHandle::destroy);
            run.destroy();
        }
        String text = Files.readString(out, StandardCharsets.UTF_8);
        assertTrue(ended, "the chaos run ends within 9 minutes:\n" + tail(text));

        int events = 0;
        for (String line : text.split("\n")) {
            Matcher m = ROW.matcher(line);
            if (!m.matches() || m.group(1).startsWith("total")) {
                continue;
            }
            events++;
            String event = m.group(1).trim();
            assertTrue(Long.parseLong(m.group(4)) > 0, event + ": rows were acknowledged: " + line);
            if (PLANNED.stream().anyMatch(event::startsWith)) {
                assertEquals(0, Long.parseLong(m.group(3)), event + ": a planned move fails no request: " + line);
            }
            assertEquals(0, Long.parseLong(m.group(5)), event + ": rows lost: " + line);
            assertEquals(0, Long.parseLong(m.group(6)), event + ": rows stored twice: " + line);
            assertEquals(0, Long.parseLong(m.group(7)), event + ": overlapping owners: " + line);
        }
        assertTrue(events >= 5, "a row per event (steady, stop, rebalance, SIGKILL, SIGSTOP):\n" + tail(text));
        for (String event : List.of("graceful agent stop", "rebalance", "agent SIGKILL", "agent SIGSTOP past TTL")) {
            assertTrue(text.contains(event), "the run went through '" + event + "':\n" + tail(text));
        }
        assertEquals(0, run.exitValue(), "bench/chaos-run --expect-clean:\n" + tail(text));
    }

    /** A base whose offsets are all free ports now, away from the usual ephemeral range's start. */
    private static int freePortBase() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = 20_000 + ThreadLocalRandom.current().nextInt(0, 9_000);
            if (PORT_OFFSETS.stream().allMatch(o -> free(base + o))) {
                return base;
            }
        }
        throw new IOException("no free port range for the chaos run");
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String tail(String text) {
        return text.length() > 6000 ? text.substring(text.length() - 6000) : text;
    }
}
