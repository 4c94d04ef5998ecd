package org.dtablecluster.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Records when this process began and stopped serving each bucket, in memory (for
 * {@code GET /_sim/intervals}) and in {@code <storage>/serving/<incarnation>.log}, one line per
 * event written with one {@code write(2)} each, before the event takes effect for clients:
 * <pre>
 * start &lt;node_id&gt; &lt;pid&gt; &lt;ms&gt;
 * open &lt;bucket&gt; &lt;ms&gt;
 * close &lt;bucket&gt; &lt;ms&gt; &lt;reason&gt;
 * alive &lt;ms&gt;                 every {@value #HEARTBEAT_MS} ms
 * </pre>
 * A line that {@code write(2)} returned for is in the page cache, so it survives a SIGKILL of the
 * process (not a crash of the machine; the chaos run kills processes, not machines). A process
 * killed while serving leaves an open interval; {@link ServingRecords} ends it at its last
 * {@code alive} line plus one heartbeat period: it cannot have served after its death, and it
 * was alive less than one period after that line. So an interval is never shorter than the time
 * the process really served; an overlap is over-reported by at most one period, never hidden.
 */
final class ServingLog implements AutoCloseable {

    static final long HEARTBEAT_MS = 100;

    private final String nodeId;
    private final String incarnation;
    private final FileChannel file;
    private final ScheduledExecutorService heartbeat;
    private final Map<Integer, Long> open = new TreeMap<>();
    private final List<ServingInterval> ended = new ArrayList<>();
    private boolean closed;

    ServingLog(Path storageDir, String nodeId) {
        this.nodeId = nodeId;
        long now = System.currentTimeMillis();
        long pid = ProcessHandle.current().pid();
        // several in-process simulators share a pid; the start time and a counter tell them apart
        this.incarnation = nodeId + "." + now + "." + pid + "-" + Integer.toHexString(System.identityHashCode(this));
        Path dir = storageDir.resolve(ServingRecords.DIR);
        try {
            Files.createDirectories(dir);
            this.file = FileChannel.open(dir.resolve(incarnation + ".log"),
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the serving record in " + dir, e);
        }
        write("start " + nodeId + " " + pid + " " + now);
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sim-" + nodeId + "-heartbeat");
            t.setDaemon(true);
            return t;
        });
        heartbeat.scheduleAtFixedRate(() -> write("alive " + System.currentTimeMillis()),
                HEARTBEAT_MS, HEARTBEAT_MS, TimeUnit.MILLISECONDS);
    }

    String incarnation() {
        return incarnation;
    }

    /** Records that {@code bucket} is served from {@code ms} on. */
    synchronized void opened(int bucket, long ms) {
        if (open.putIfAbsent(bucket, ms) == null) {
            write("open " + bucket + " " + ms);
        }
    }

    /** Records that {@code bucket} was served until {@code ms}. */
    synchronized void closed(int bucket, long ms, String reason) {
        Long from = open.remove(bucket);
        if (from != null) {
            long to = Math.max(from, ms);
            write("close " + bucket + " " + to + " " + reason);
            ended.add(new ServingInterval(incarnation, nodeId, bucket, from, to, reason));
        }
    }

    /** Every interval so far; those still open end now, with reason {@code open}. */
    synchronized List<ServingInterval> intervals() {
        long now = System.currentTimeMillis();
        List<ServingInterval> all = new ArrayList<>(ended);
        open.forEach((bucket, from) -> all.add(new ServingInterval(incarnation, nodeId, bucket, from, Math.max(from, now), "open")));
        return all;
    }

    synchronized boolean isOpen(int bucket) {
        return open.containsKey(bucket);
    }

    private synchronized void write(String line) {
        if (closed) {
            return;
        }
        ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.US_ASCII));
        try {
            while (bytes.hasRemaining()) {
                file.write(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record serving state", e);
        }
    }

    /** Ends every open interval (reason {@code shutdown}) and closes the file. */
    @Override
    public synchronized void close() {
        heartbeat.shutdownNow();
        long now = System.currentTimeMillis();
        for (Integer bucket : List.copyOf(open.keySet())) {
            closed(bucket, now, "shutdown");
        }
        closed = true;
        try {
            file.close();
        } catch (IOException e) {
            // nothing left to record
        }
    }
}
