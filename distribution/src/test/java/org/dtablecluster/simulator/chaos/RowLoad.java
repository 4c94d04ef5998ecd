package org.dtablecluster.simulator.chaos;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The chaos run's row client ({@link RowWriter}: one base in each of the 256 buckets, a fixed
 * rate, a bounded number in flight, a timeout per request) and its audit of the shared storage
 * ({@link StorageAudit}), opened to the end-to-end tests, which drive the cluster themselves.
 * It lives in the chaos package so that those stay the one client and the one audit.
 */
public final class RowLoad implements AutoCloseable {

    private final List<String> bases = ChaosMain.bases();
    private final RowWriter writer;

    /** Starts writing at once. */
    public RowLoad(URI proxy, int ratePerSecond, int maxInFlight, Duration timeout) {
        this.writer = new RowWriter(List.of(proxy), bases, ratePerSecond, maxInFlight, timeout);
        writer.start();
    }

    /** True once every bucket has had a row acknowledged after {@code sinceMs} (epoch millis). */
    public boolean everyBucketAckedSince(long sinceMs) {
        for (int b = 0; b < 256; b++) {
            if (writer.lastAckMs(b) <= sinceMs) {
                return false;
            }
        }
        return true;
    }

    /** Stops writing, waits for the answers still due, and reads back what {@code storageDir} holds. */
    public Outcome stopAndAudit(Path storageDir) throws InterruptedException {
        List<Attempt> attempts = writer.stop();
        StorageAudit audit = StorageAudit.read(storageDir, bases);
        Map<String, Integer> failures = new TreeMap<>();
        List<String> failed = new ArrayList<>();
        List<String> lost = new ArrayList<>();
        List<String> duplicated = new ArrayList<>();
        long[] millis = new long[attempts.size()];
        int acked = 0;
        for (int i = 0; i < attempts.size(); i++) {
            Attempt a = attempts.get(i);
            millis[i] = a.endMs() - a.startMs();
            if (a.status() == 200 && a.acked()) {
                acked++;
            } else {
                failures.merge(a.status() == 200 ? "200 without _id" : a.outcome(), 1, Integer::sum);
                if (failed.size() < 20) {
                    failed.add(String.format("bucket %02x %s sent at %d, after %d ms", a.bucket(), a.outcome(),
                            a.startMs(), a.endMs() - a.startMs()));
                }
            }
            if (a.acked() && audit.lost(a)) {
                lost.add(a.seq());
            }
            if (audit.duplicated(a)) {
                duplicated.add(a.seq());
            }
        }
        Arrays.sort(millis);
        long p99 = millis.length == 0 ? 0 : millis[(int) Math.min(millis.length - 1, Math.ceil(millis.length * 0.99) - 1)];
        long max = millis.length == 0 ? 0 : millis[millis.length - 1];
        return new Outcome(attempts.size(), acked, Map.copyOf(failures), List.copyOf(failed), List.copyOf(lost), List.copyOf(duplicated),
                p99, max);
    }

    /**
     * What the writes came to.
     *
     * @param requests rows the client tried to append
     * @param acked rows answered 200 with their {@code _id}
     * @param failures every other answer, by status (or {@code timeout}, {@code io})
     * @param failed the first 20 of those answers: bucket, outcome, when sent, how long it took
     * @param lost client keys of acknowledged rows the storage does not hold
     * @param duplicated client keys of rows the storage holds more than once
     * @param p99Ms 99th percentile of the time from sending to the answer
     * @param maxMs the longest of those times
     */
    public record Outcome(int requests, int acked, Map<String, Integer> failures, List<String> failed,
            List<String> lost,
            List<String> duplicated, long p99Ms, long maxMs) {
    }

    @Override
    public void close() {
        writer.close();
    }
}
