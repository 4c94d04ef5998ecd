package org.dtablecluster.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads the serving records every simulator of a storage directory wrote ({@link ServingLog}
 * describes the format) and finds where two processes served one bucket at once.
 */
public final class ServingRecords {

    static final String DIR = "serving";

    private ServingRecords() {
    }

    /** Every interval of every process that used {@code storageDir}. */
    public static List<ServingInterval> read(Path storageDir) {
        Path dir = storageDir.resolve(DIR);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<ServingInterval> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".log")).sorted().toList()) {
                String name = file.getFileName().toString();
                all.addAll(parse(name.substring(0, name.length() - ".log".length()),
                        Files.readAllLines(file, StandardCharsets.US_ASCII)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the serving records in " + dir, e);
        }
        return all;
    }

    /** The intervals of one process's record; those it never ended end one heartbeat after its last line. */
    static List<ServingInterval> parse(String incarnation, List<String> lines) {
        String nodeId = incarnation.contains(".") ? incarnation.substring(0, incarnation.indexOf('.')) : incarnation;
        Map<Integer, Long> open = new HashMap<>();
        List<ServingInterval> intervals = new ArrayList<>();
        long last = Long.MIN_VALUE;
        for (String line : lines) {
            String[] f = line.trim().split(" ");
            try {
                switch (f[0]) {
                    case "start" -> {
                        nodeId = f[1];
                        last = Math.max(last, Long.parseLong(f[3]));
                    }
                    case "open" -> {
                        long ms = Long.parseLong(f[2]);
                        open.putIfAbsent(Integer.parseInt(f[1]), ms);
                        last = Math.max(last, ms);
                    }
                    case "close" -> {
                        int bucket = Integer.parseInt(f[1]);
                        long ms = Long.parseLong(f[2]);
                        Long from = open.remove(bucket);
                        if (from != null) {
                            intervals.add(new ServingInterval(incarnation, nodeId, bucket, from, Math.max(from, ms),
                                    f.length > 3 ? f[3] : "lost"));
                        }
                        last = Math.max(last, ms);
                    }
                    case "alive" -> last = Math.max(last, Long.parseLong(f[1]));
                    default -> {
                        // an unknown or torn line (the process died mid-write): skipped
                    }
                }
            } catch (RuntimeException torn) {
                // a line cut short by a SIGKILL: what it said is unknown, the heartbeat bound holds
            }
        }
        long end = last + ServingLog.HEARTBEAT_MS;
        for (Map.Entry<Integer, Long> e : open.entrySet()) {
            intervals.add(new ServingInterval(incarnation, nodeId, e.getKey(), e.getValue(),
                    Math.max(e.getValue(), end), "unrecorded"));
        }
        intervals.sort(Comparator.comparingInt(ServingInterval::bucket).thenComparingLong(ServingInterval::fromMs));
        return intervals;
    }

    /** Every pair of intervals of one bucket, from different processes, that overlap in time. */
    public static List<ServingInterval.Overlap> overlaps(List<ServingInterval> intervals) {
        Map<Integer, List<ServingInterval>> byBucket = new HashMap<>();
        intervals.forEach(i -> byBucket.computeIfAbsent(i.bucket(), b -> new ArrayList<>()).add(i));
        List<ServingInterval.Overlap> overlaps = new ArrayList<>();
        for (List<ServingInterval> list : byBucket.values()) {
            for (int i = 0; i < list.size(); i++) {
                for (int j = i + 1; j < list.size(); j++) {
                    ServingInterval.Overlap o = list.get(i).overlap(list.get(j));
                    if (o != null) {
                        overlaps.add(o);
                    }
                }
            }
        }
        overlaps.sort(Comparator.comparingLong(ServingInterval.Overlap::fromMs));
        return overlaps;
    }
}
