import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.spi.AssignmentRequest;
import org.dtablecluster.spi.AssignmentStrategy;
import org.dtablecluster.spi.AssignmentValidator;
import org.dtablecluster.spi.NodeInfo;
import org.dtablecluster.spi.RunKind;

/**
 * Monitor planning time for 256 buckets: what the leader computes per run (the strategy's answer,
 * its check against the SPI contract, the moves), for every strategy the WAR ships, with 1, 16,
 * 256 and 1,000 live nodes. Two runs each: a rebalance after one node joined a balanced cluster,
 * and the repair after one node died. Prints p50/p99 over many runs after a warm-up.
 * Run by bench/change-bench with the WAR's classes on the class path.
 */
public final class PlanBench {

    public static void main(String[] args) {
        int[] nodeCounts = {1, 16, 256, 1000};
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        System.out.printf("%-16s %-10s %6s %10s %10s %7s%n", "strategy", "run", "nodes", "p50 ms", "p99 ms", "moves");
        for (AssignmentStrategy strategy : ServiceLoader.load(AssignmentStrategy.class)) {
            for (int n : nodeCounts) {
                for (RunKind kind : RunKind.values()) {
                    AssignmentRequest request = request(strategy, n, kind);
                    for (int i = 0; i < runs; i++) { // warm-up: the JIT compiles the planner first
                        plan(strategy, request);
                    }
                    double[] millis = new double[runs];
                    int moves = 0;
                    for (int i = 0; i < runs; i++) {
                        long start = System.nanoTime();
                        moves = plan(strategy, request);
                        millis[i] = (System.nanoTime() - start) / 1e6;
                    }
                    Arrays.sort(millis);
                    System.out.printf("%-16s %-10s %6d %10.3f %10.3f %7d%n", strategy.name(),
                            kind == RunKind.REBALANCE ? "join" : "node dies", n,
                            millis[runs / 2], millis[(int) Math.ceil(runs * 0.99) - 1], moves);
                }
            }
        }
    }

    private static int plan(AssignmentStrategy strategy, AssignmentRequest request) {
        Assignment target = strategy.assign(request);
        AssignmentValidator.check(request, target);
        return request.current().movesTo(target).size();
    }

    /** REBALANCE: n-1 nodes hold every bucket evenly, node n-1 just joined. REPAIR: n+1 nodes
     *  held them evenly and node 0 (which held buckets) died. */
    private static AssignmentRequest request(AssignmentStrategy strategy, int n, RunKind kind) {
        int holders = kind == RunKind.REBALANCE ? Math.max(1, n - 1) : n + 1;
        Assignment.Builder current = Assignment.builder(Assignment.BUCKETS);
        for (int b = 0; b < Assignment.BUCKETS; b++) {
            current.set(b, id(b % holders));
        }
        List<NodeInfo> live = new ArrayList<>();
        int first = kind == RunKind.REBALANCE ? 0 : 1;
        for (int i = first; i < first + n; i++) {
            Map<String, String> attributes = new HashMap<>();
            attributes.put("node_url", "http://10.0." + (i / 250) + "." + (i % 250) + ":5000/");
            attributes.put("node_weight", Integer.toString(1 + i % 3));
            live.add(new NodeInfo(id(i), attributes));
        }
        return AssignmentRequest.of(current.build(), live, Map.of(), kind);
    }

    private static String id(int i) {
        return String.format("dtable-server-%04d", i);
    }
}
