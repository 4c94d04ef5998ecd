package org.dtablecluster.strategy.rendezvous;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.spi.AssignmentRequest;
import org.dtablecluster.spi.AssignmentStrategy;
import org.dtablecluster.spi.NodeInfo;
import org.dtablecluster.spi.RunKind;
import org.dtablecluster.strategy.sticky.StickyBalancedStrategy;
import org.dtablecluster.tck.TestData;
import org.junit.jupiter.api.Test;

/**
 * Prints the balance table of plugins/README.md: for N = 2..50 live nodes, the largest and
 * smallest bucket count per node divided by the mean (256 / N), for {@code rendezvous} and for
 * {@code sticky-balanced}, averaged over {@value #ID_SETS} sets of node ids (the first
 * {@code dtable-server-01..NN}, the others random hex suffixes from a fixed seed), plus the worst
 * max/mean of rendezvous over those sets. Output: target/surefire-reports/*BalanceReportTest-output.txt.
 * Deterministic; no timing.
 */
class BalanceReportTest {

    private static final int ID_SETS = 5;
    private static final long SEED = 256L;

    @Test
    void printTheBalanceTable() {
        AssignmentStrategy rendezvous = new RendezvousStrategy();
        AssignmentStrategy sticky = new StickyBalancedStrategy();
        Random random = new Random(SEED);
        StringBuilder table = new StringBuilder(String.format(
                "| N | rendezvous max/mean | rendezvous min/mean | worst max/mean | sticky-balanced max/mean"
                        + " | sticky-balanced min/mean |%n|---|---|---|---|---|---|%n"));
        for (int n = 2; n <= 50; n++) {
            double mean = 256.0 / n;
            double[] sums = new double[4];
            double worst = 0;
            for (int set = 0; set < ID_SETS; set++) {
                List<NodeInfo> nodes = set == 0 ? TestData.nodes(n) : randomIds(random, n);
                AssignmentRequest request =
                        AssignmentRequest.of(Assignment.unassigned(256), nodes, RunKind.REBALANCE);
                int[] hashed = maxMin(request, rendezvous.assign(request));
                int[] even = maxMin(request, sticky.assign(request));
                assertTrue(even[0] - even[1] <= 1, "sticky-balanced is balanced to within one");
                assertTrue(hashed[0] >= even[0] && hashed[1] <= even[1],
                        "nothing beats sticky-balanced's spread: n=" + n + " set=" + set);
                sums[0] += hashed[0] / mean;
                sums[1] += hashed[1] / mean;
                sums[2] += even[0] / mean;
                sums[3] += even[1] / mean;
                worst = Math.max(worst, hashed[0] / mean);
            }
            table.append(String.format("| %d | %.2f | %.2f | %.2f | %.2f | %.2f |%n", n,
                    sums[0] / ID_SETS, sums[1] / ID_SETS, worst, sums[2] / ID_SETS, sums[3] / ID_SETS));
        }
        System.out.print(table);
        assertEquals(2 + 49, table.toString().lines().count(), "a header, a rule and one row per N");
    }

    /** The most and fewest buckets a live node holds, counting nodes that hold none. */
    private static int[] maxMin(AssignmentRequest request, Assignment result) {
        Map<String, Integer> counts = TestData.liveCounts(request, result);
        assertEquals(256, counts.values().stream().mapToInt(Integer::intValue).sum());
        return new int[] {Collections.max(counts.values()), Collections.min(counts.values())};
    }

    private static List<NodeInfo> randomIds(Random random, int n) {
        List<NodeInfo> nodes = new ArrayList<>();
        while (nodes.size() < n) {
            String id = String.format("dtable-server-%08x", random.nextInt());
            if (nodes.stream().noneMatch(x -> x.nodeId().equals(id))) {
                nodes.add(NodeInfo.of(id));
            }
        }
        return nodes;
    }
}
