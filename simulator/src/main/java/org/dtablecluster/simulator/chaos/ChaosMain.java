package org.dtablecluster.simulator.chaos;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.dtablecluster.simulator.ServingInterval;
import org.dtablecluster.simulator.ServingRecords;

/**
 * The chaos run against a running local cluster (started by {@code bench/chaos-run}): appends
 * rows through the proxy to a base in every bucket while the cluster goes through the events of
 * {@link ChaosEvents}, then reads every base back from the shared storage and every serving
 * record, and prints one line per event. See {@link #USAGE}.
 */
public final class ChaosMain {

    static final String USAGE = """
            usage: ChaosMain --proxy URL[,URL...] --admin URL[,URL...] --storage-dir DIR --cluster-script PATH
                             --lease-ttl SECONDS [--quick] [--rate N (rows/s, default 200)] [--out FILE] [--expect-clean]
                             [--spare-node NODE_ID] [--etcd-relays]
              --proxy, --admin  the proxies' ports and admin ports; rows go to the proxies in turn (the next one
                              when one refuses the connection); two or more admin ports add the event "monitor
                              leader SIGKILL during a drain"
              --spare-node    a node of the cluster that is not started yet: adds the event "node joining"
              --etcd-relays   the node agents reach etcd through relays: adds "agent cut off from etcd"
              --expect-clean  exit 1 unless every event lost 0 rows with 0 overlaps and the planned ones
                              (rebalance, graceful agent stop, agent restart) failed 0 requests""";

    private ChaosMain() {
    }

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = Options.parse(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        List<ChaosTable.Line> lines = run(o);
        String table = ChaosTable.format(lines);
        System.out.println();
        System.out.print(table);
        if (o.out() != null) {
            Files.writeString(o.out(), table);
        }
        if (o.expectClean() && !clean(lines)) {
            System.err.println("chaos run: rows lost, overlapping owners, or failed planned moves (see the table)");
            System.exit(1);
        }
    }

    static boolean clean(List<ChaosTable.Line> lines) {
        return lines.stream().allMatch(l -> l.lost() == 0 && l.overlaps() == 0 && l.duplicated() == 0
                && (!planned(l.event()) || l.failed() == 0));
    }

    private static boolean planned(String event) {
        return event.startsWith("rebalance") || event.startsWith("graceful") || event.startsWith("agent restart")
                || event.startsWith("steady") || event.startsWith("node joining") || event.startsWith("drain")
                || event.startsWith("pin");
    }

    private static List<ChaosTable.Line> run(Options o) throws Exception {
        ClusterControl cluster = new ClusterControl(o.script(), new AdminCalls(o.admins()));
        List<String> bases = bases();
        List<ChaosEvents.Event> events = o.quick() ? ChaosEvents.quick(o.ttl())
                : ChaosEvents.full(o.ttl(), new ChaosEvents.Stage(o.spareNode(), o.admins().size() > 1, o.etcdRelays()));
        Duration settleMax = Duration.ofSeconds(Math.max(30, 3L * o.ttl()));
        List<ChaosWindow> windows = new ArrayList<>();
        List<Attempt> attempts;
        try (RowWriter writer = new RowWriter(o.proxies(), bases, o.rate(), 128, Duration.ofSeconds(10))) {
            writer.start();
            log("writing " + o.rate() + " rows/s to 256 bases (" + bases.get(0) + " ...); waiting until every bucket answers");
            long begin = System.currentTimeMillis();
            if (!awaitServed(writer, begin, Duration.ofSeconds(60))) {
                log("warning: not every bucket was served within 60 s; going on");
            }
            for (ChaosEvents.Event event : events) {
                String node = cluster.busiestNode();
                long start = System.currentTimeMillis();
                log(event.name() + " (on " + node + ", split " + cluster.split() + ")");
                try {
                    event.steps().run(cluster, node);
                } catch (RuntimeException e) {
                    log("  step failed: " + e.getMessage());
                }
                long stepsDone = System.currentTimeMillis();
                // what an event sets off (a lease expiring, a health check failing) lands in its own window
                Thread.sleep(event.name().startsWith("steady") ? 0 : 1000L * (o.ttl() + 4));
                boolean settled = awaitServed(writer, stepsDone, settleMax);
                log("  " + (settled ? "every bucket served again" : "NOT every bucket served again within " + settleMax)
                        + " after " + (System.currentTimeMillis() - start) / 1000 + " s");
                awaitRegistered(cluster, Duration.ofSeconds(90));
                windows.add(new ChaosWindow(event.name(), start, System.currentTimeMillis()));
            }
            attempts = writer.stop();
        }
        log("reading the bases back from " + o.storage() + " and the serving records");
        StorageAudit audit = StorageAudit.read(o.storage(), bases);
        List<ServingInterval.Overlap> overlaps = ServingRecords.overlaps(ServingRecords.read(o.storage()));
        // the last window ends when the last answer came in
        ChaosWindow last = windows.remove(windows.size() - 1);
        windows.add(new ChaosWindow(last.event(), last.startMs(), Long.MAX_VALUE));
        return ChaosTable.compute(windows, attempts, audit, overlaps);
    }

    /** One base per bucket, new for each run: {@code <bucket><6 hex of this run>-c4a0-4000-8000-<bucket>}. */
    static List<String> bases() {
        int run = ThreadLocalRandom.current().nextInt(1 << 24);
        List<String> bases = new ArrayList<>();
        for (int b = 0; b < 256; b++) {
            bases.add(String.format("%02x%06x-c4a0-4000-8000-%012x", b, run, b));
        }
        return bases;
    }

    /** Waits until every bucket has had a row acknowledged after {@code sinceMs}. */
    private static boolean awaitServed(RowWriter writer, long sinceMs, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            boolean all = true;
            for (int b = 0; b < 256 && all; b++) {
                all = writer.lastAckMs(b) > sinceMs;
            }
            if (all) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    /** So that the next event has every node to move buckets between (a restarted agent may take a while). */
    private static void awaitRegistered(ClusterControl cluster, Duration max) throws InterruptedException {
        int nodes = cluster.runningNodeAgents();
        long deadline = System.nanoTime() + max.toNanos();
        List<String> registered = cluster.registered();
        while (registered.size() < nodes && System.nanoTime() < deadline) {
            Thread.sleep(1_000);
            registered = cluster.registered();
        }
        if (registered.size() < nodes) {
            log("  only " + registered + " registered after " + max.toSeconds() + " s; going on");
        }
    }

    private static void log(String line) {
        System.out.printf("%tT %s%n", System.currentTimeMillis(), line);
    }

    record Options(List<URI> proxies, List<URI> admins, Path storage, Path script, int ttl, boolean quick, int rate,
            Path out, boolean expectClean, String spareNode, boolean etcdRelays) {

        static Options parse(List<String> args) {
            List<URI> proxies = List.of();
            List<URI> admins = List.of();
            String spareNode = null;
            boolean etcdRelays = false;
            Path storage = null;
            Path script = null;
            Path out = null;
            int ttl = 0;
            int rate = 200;
            boolean quick = false;
            boolean expectClean = false;
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                if (arg.equals("--quick")) {
                    quick = true;
                    continue;
                }
                if (arg.equals("--expect-clean")) {
                    expectClean = true;
                    continue;
                }
                if (arg.equals("--etcd-relays")) {
                    etcdRelays = true;
                    continue;
                }
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException(arg + " needs a value");
                }
                String v = args.get(++i);
                switch (arg) {
                    case "--proxy" -> proxies = uris(v);
                    case "--admin" -> admins = uris(v);
                    case "--spare-node" -> spareNode = v;
                    case "--storage-dir" -> storage = Path.of(v);
                    case "--cluster-script" -> script = Path.of(v);
                    case "--lease-ttl" -> ttl = Integer.parseInt(v);
                    case "--rate" -> rate = Integer.parseInt(v);
                    case "--out" -> out = Path.of(v);
                    default -> throw new IllegalArgumentException("unknown option " + arg);
                }
            }
            if (proxies.isEmpty() || admins.isEmpty() || storage == null || script == null || ttl < 1) {
                throw new IllegalArgumentException("--proxy, --admin, --storage-dir, --cluster-script and --lease-ttl are required");
            }
            if (rate < 1 || rate > 5000) {
                throw new IllegalArgumentException("--rate must be 1..5000 rows/s");
            }
            return new Options(proxies, admins, storage, script, ttl, quick, rate, out, expectClean, spareNode, etcdRelays);
        }

        private static List<URI> uris(String list) {
            return List.of(list.split(",")).stream().filter(u -> !u.isBlank()).map(URI::create).toList();
        }
    }
}
