package org.dtablecluster.simulator.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local cluster's processes, steered through {@code bin/dtable-cluster-local} (which finds
 * its ports and run directory in the environment this process inherited), and its admin ports.
 */
final class ClusterControl {

    private static final Pattern SPLIT_LINE = Pattern.compile("^\\s+(\\S+)\\s+(\\d+) buckets$", Pattern.MULTILINE);

    private final Path script;
    private final AdminCalls admin;

    ClusterControl(Path script, AdminCalls admin) {
        this.script = script;
        this.admin = admin;
    }

    /** Runs {@code bin/dtable-cluster-local ARGS} to its end; its output, or an exception when it fails. */
    String run(String... args) {
        String[] command = new String[args.length + 2];
        command[0] = "bash";
        command[1] = script.toString();
        System.arraycopy(args, 0, command, 2, args.length);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", args) + ": no end in 60 s");
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0 && !args[0].equals("status")) {
                throw new IllegalStateException(String.join(" ", args) + " failed (" + p.exitValue() + "): " + out.trim());
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Buckets per node, as etcd's {@code assign-xx} keys name them now. */
    Map<String, Integer> split() {
        Map<String, Integer> split = new TreeMap<>();
        Matcher m = SPLIT_LINE.matcher(run("status"));
        while (m.find()) {
            split.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        return split;
    }

    /** The node ids registered in etcd now (their {@code dtable-server-*} keys). */
    List<String> registered() {
        Matcher m = Pattern.compile("^registered nodes: (.*)$", Pattern.MULTILINE).matcher(run("status"));
        return m.find() ? List.of(m.group(1).trim().split("\\s+")).stream().filter(s -> !s.isEmpty()).toList() : List.of();
    }

    /** The node owning the most buckets now (the first node when none owns any). */
    String busiestNode() {
        return split().entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                .orElse("dtable-server-01");
    }

    /** How many node agents run now (their processes, registered or not). */
    int runningNodeAgents() {
        Matcher m = Pattern.compile("^\\s+node-\\S+\\s+pid \\d+\\s+running$", Pattern.MULTILINE).matcher(run("status"));
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** The process whose monitor leads now ({@code proxy}, {@code proxy-2}, ...), as the cluster script reads it. */
    String leader() {
        Matcher m = Pattern.compile("^monitor leader: (\\S+)", Pattern.MULTILINE).matcher(run("status"));
        return m.find() ? m.group(1) : "(none)";
    }

    AdminCalls admin() {
        return admin;
    }

    /** Waits until {@code node} owns a number of buckets that {@code wanted} accepts; false after {@code max}. */
    boolean awaitBuckets(String node, IntPredicate wanted, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            if (wanted.test(split().getOrDefault(node, 0))) {
                return true;
            }
            Thread.sleep(500);
        }
        return false;
    }
}
