package org.dtablecluster.testing;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * One etcd process of an {@link EtcdCluster}: a name, a data directory and two loopback ports
 * that it keeps for the life of the cluster, so a restarted member comes back with its data and
 * at the address its peers and clients know.
 */
public final class EtcdMember {

    private final EtcdCluster cluster;
    private final int index;
    private final String name;
    private final Path dataDir;
    private final Path logFile;
    private volatile int clientPort;
    private volatile int peerPort;
    private Process process;
    private Process watchdog;
    private boolean frozen;
    private long logOffsetAtLaunch;

    EtcdMember(EtcdCluster cluster, int index, String name, Path dataDir, Path logFile) {
        this.cluster = requireNonNull(cluster, "cluster is null");
        this.index = index;
        this.name = requireNonNull(name, "name is null");
        this.dataDir = requireNonNull(dataDir, "dataDir is null");
        this.logFile = requireNonNull(logFile, "logFile is null");
    }

    /** Position in the cluster, from 0. */
    public int index() {
        return index;
    }

    /** The member's etcd name, such as {@code m1}. */
    public String name() {
        return name;
    }

    /** {@code http://127.0.0.1:<client port>}. */
    public URI clientEndpoint() {
        return URI.create("http://127.0.0.1:" + clientPort);
    }

    public URI peerEndpoint() {
        return URI.create("http://127.0.0.1:" + peerPort);
    }

    public int clientPort() {
        return clientPort;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** etcd's own log (zap, JSON lines); appended to across restarts. */
    public Path logFile() {
        return logFile;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The OS process id, while running. */
    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException(name + " is not running");
        }
        return process.pid();
    }

    /** Whether the member answers {@code /health} with true: running, and part of a cluster with a leader. */
    public boolean isHealthy() {
        return isRunning() && cluster.isHealthy(this);
    }

    /** Stops the member gracefully (SIGTERM) and waits for it to exit. */
    public void stop() {
        terminate(false);
    }

    /**
     * Kills the member (SIGKILL), as a crash would. In a cluster of three, call
     * {@link EtcdCluster#awaitLeader} before writing: until the others elect a new leader, a write
     * can hang for etcd's request timeout and fail.
     */
    public void kill() {
        terminate(true);
    }

    /** Starts a stopped or killed member with its data and ports, and waits until it is healthy. */
    public void start() {
        cluster.startMember(this);
    }

    /**
     * Deletes a stopped member's data, as if its disk were replaced. Only a single-member cluster
     * can start again from that (as a new cluster whose revisions begin at 1 again).
     */
    public void wipeData() {
        if (isRunning()) {
            throw new IllegalStateException(name + " must be stopped before its data is wiped");
        }
        cluster.wipeDataOf(this);
    }

    /** {@link #stop()} then {@link #start()}. */
    public void restart() {
        stop();
        start();
    }

    /** Sends SIGSTOP: the process keeps its sockets open but answers nothing. */
    public void freeze() {
        signal("STOP");
        synchronized (this) {
            frozen = true;
        }
    }

    /** Sends SIGCONT after {@link #freeze()}. */
    public void thaw() {
        signal("CONT");
        synchronized (this) {
            frozen = false;
        }
    }

    void assignPorts(int clientPort, int peerPort) {
        this.clientPort = clientPort;
        this.peerPort = peerPort;
    }

    synchronized void launch(ProcessBuilder builder) throws IOException {
        if (isRunning()) {
            throw new IllegalStateException(name + " is already running");
        }
        logOffsetAtLaunch = Files.exists(logFile) ? Files.size(logFile) : 0;
        process = builder.start();
        ProcessReaper.register(process);
        watchdog = ProcessReaper.startWatchdog(process, dataDir);
    }

    /** What etcd logged since this member was last launched. */
    synchronized String logSinceLaunch() {
        try {
            if (!Files.exists(logFile)) {
                return "";
            }
            byte[] all = Files.readAllBytes(logFile);
            int from = (int) Math.min(logOffsetAtLaunch, all.length);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    synchronized boolean hasExited() {
        return process != null && !process.isAlive();
    }

    private void terminate(boolean forcibly) {
        Process p;
        Process w;
        boolean wasFrozen;
        synchronized (this) {
            p = process;
            w = watchdog;
            wasFrozen = frozen;
            process = null;
            watchdog = null;
            frozen = false;
        }
        if (p == null) {
            return;
        }
        if (wasFrozen && !forcibly && p.isAlive()) {
            sendSignal("CONT", p.pid());
        }
        if (forcibly) {
            p.destroyForcibly();
        } else {
            p.destroy();
        }
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            ProcessReaper.forget(p);
            if (w != null) {
                w.destroyForcibly();
            }
        }
    }

    private void signal(String signal) {
        sendSignal(signal, pid());
    }

    private static void sendSignal(String signal, long pid) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
            if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException("kill -" + signal + " " + pid + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public String toString() {
        return name + "[client=" + clientPort + " peer=" + peerPort + (isRunning() ? " running" : " down") + "]";
    }
}
