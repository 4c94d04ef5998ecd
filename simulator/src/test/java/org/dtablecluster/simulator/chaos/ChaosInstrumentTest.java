package org.dtablecluster.simulator.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.dtablecluster.simulator.DtableServerSimulator;
import org.dtablecluster.simulator.ServingRecords;
import org.dtablecluster.simulator.SimulatorConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chaos run's instrument measures what it claims: two servers given the same buckets by hand,
 * each written to, lose rows and show overlapping serving intervals; one owner loses nothing.
 */
class ChaosInstrumentTest {

    private static final List<Integer> ALL = IntStream.range(0, 256).boxed().toList();

    @TempDir
    Path storage;

    @Test
    void twoOwnersOfOneBucketLoseRowsAndOverlap() throws Exception {
        List<String> bases = ChaosMain.bases();
        try (DtableServerSimulator one = DtableServerSimulator.start(SimulatorConfig.owningNothing("dtable-server-01", storage));
                DtableServerSimulator two = DtableServerSimulator.start(SimulatorConfig.owningNothing("dtable-server-02", storage))) {
            one.assign(ALL);
            two.assign(ALL);
            List<Attempt> attempts = new ArrayList<>();
            long start = System.currentTimeMillis();
            try (RowWriter a = new RowWriter(List.of(one.uri()), bases, 300, 64, Duration.ofSeconds(5));
                    RowWriter b = new RowWriter(List.of(two.uri()), bases, 300, 64, Duration.ofSeconds(5))) {
                a.start();
                b.start();
                Thread.sleep(2_500);
                attempts.addAll(a.stop());
                attempts.addAll(b.stop());
            }
            ChaosTable.Line line = measure(start, attempts, bases);
            assertTrue(line.acked() > 500, "rows were written: " + line);
            assertTrue(line.lost() > 0, "two holders of one base lose rows: " + line);
            assertEquals(256, line.overlaps(), "every bucket was served by both at once: " + line);
            assertEquals(256, line.overlapBuckets());
        }
    }

    @Test
    void oneOwnerLosesNothingAndOverlapsNothing() throws Exception {
        List<String> bases = ChaosMain.bases();
        try (DtableServerSimulator one = DtableServerSimulator.start(SimulatorConfig.owningNothing("dtable-server-01", storage));
                DtableServerSimulator two = DtableServerSimulator.start(SimulatorConfig.owningNothing("dtable-server-02", storage))) {
            one.assign(ALL);
            long start = System.currentTimeMillis();
            List<Attempt> attempts;
            try (RowWriter a = new RowWriter(List.of(one.uri()), bases, 300, 64, Duration.ofSeconds(5))) {
                a.start();
                Thread.sleep(1_500);
                // a clean move of half the buckets: released first, then given to the other
                one.assign(ALL.subList(0, 128));
                two.assign(ALL.subList(128, 256));
                Thread.sleep(1_000);
                attempts = a.stop();
            }
            ChaosTable.Line line = measure(start, attempts, bases);
            assertTrue(line.acked() > 100, "rows were written: " + line);
            assertEquals(0, line.lost(), line.toString());
            assertEquals(0, line.duplicated(), line.toString());
            assertEquals(0, line.overlaps(), line.toString());
            assertTrue(line.failures().keySet().stream().allMatch("421"::equals),
                    "the moved buckets are refused by the old owner, nothing else fails: " + line);
            assertTrue(line.failed() > 0, "the writer kept writing to the old owner: " + line);
        }
    }

    @Test
    void aProxyThatRefusesConnectionsIsSkippedWithoutLosingOrRepeatingARow() throws Exception {
        List<String> bases = ChaosMain.bases();
        URI refusing;
        try (ServerSocket closedSoon = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            refusing = URI.create("http://127.0.0.1:" + closedSoon.getLocalPort() + "/");
        }
        try (DtableServerSimulator one = DtableServerSimulator.start(SimulatorConfig.owningNothing("dtable-server-01", storage))) {
            one.assign(ALL);
            long start = System.currentTimeMillis();
            List<Attempt> attempts;
            try (RowWriter a = new RowWriter(List.of(refusing, one.uri()), bases, 300, 64, Duration.ofSeconds(5))) {
                a.start();
                Thread.sleep(1_500);
                attempts = a.stop();
            }
            ChaosTable.Line line = measure(start, attempts, bases);
            assertTrue(line.acked() > 100, "rows were written: " + line);
            assertEquals(0, line.failed(), "every row went on to the proxy that answers: " + line);
            assertEquals(0, line.lost(), line.toString());
            assertEquals(0, line.duplicated(), line.toString());
        }
    }

    private ChaosTable.Line measure(long start, List<Attempt> attempts, List<String> bases) {
        List<ChaosTable.Line> lines = ChaosTable.compute(List.of(new ChaosWindow("test", start, Long.MAX_VALUE)), attempts,
                StorageAudit.read(storage, bases), ServingRecords.overlaps(ServingRecords.read(storage)));
        System.out.print(ChaosTable.format(lines));
        return lines.get(0);
    }

}
