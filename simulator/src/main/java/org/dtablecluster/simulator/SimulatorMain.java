package org.dtablecluster.simulator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs one simulated dtable-server until killed:
 * <pre>java -jar dtable-cluster-simulator.jar --port 5000 --node-id dtable-server-01 [--bind 127.0.0.1]
 *     [--storage-dir DIR] [--serve-all-buckets]</pre>
 * Prints one line, {@code dtable-server simulator <node_id> listening on <url>}, once it accepts
 * connections, so a launcher using {@code --port 0} can learn the port.
 */
public final class SimulatorMain {

    /** The parsed command line; {@code storageDir} is {@code null} when not given. */
    record Options(int port, String nodeId, String bind, Path storageDir, boolean serveAllBuckets) {
    }

    static final String USAGE = """
            usage: SimulatorMain [--port N] [--node-id ID] [--bind ADDRESS] [--storage-dir DIR] [--serve-all-buckets]
              --port N              listen on N (default 5000, 0 = any free port)
              --node-id ID          the node id it answers as (default dtable-server-01)
              --bind ADDRESS        the address it listens on (default 127.0.0.1)
              --storage-dir DIR     bases and serving records, shared by every simulator of a cluster
                                    (default: a new temporary directory, shared with nobody)
              --serve-all-buckets   serve every bucket without a node agent (benchmarks); by default it
                                    serves only the buckets its assignment hook gave it""";

    private SimulatorMain() {
    }

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help")) {
            System.out.println(USAGE);
            return;
        }
        Options options;
        try {
            options = parse(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        Path storage = options.storageDir() != null ? options.storageDir()
                : Files.createTempDirectory("dtable-sim-" + options.nodeId() + "-");
        DtableServerSimulator sim = DtableServerSimulator.start(new SimulatorConfig(
                options.nodeId(), options.bind(), options.port(), storage, options.serveAllBuckets()));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                sim.close();
            } catch (Exception e) {
                System.err.println("stopping " + options.nodeId() + ": " + e);
            }
        }, "sim-shutdown"));
        System.out.println("simulator " + sim.nodeId() + ": storage " + storage.toAbsolutePath() + ","
                + (options.serveAllBuckets() ? " serving all buckets" : " serving the buckets its hook gives it"));
        System.out.println("dtable-server simulator " + sim.nodeId() + " listening on " + sim.uri());
        System.out.flush();
        sim.join();
    }

    /** @throws IllegalArgumentException naming the argument that is wrong */
    static Options parse(List<String> args) {
        int port = 5000;
        String nodeId = "dtable-server-01";
        String bind = "127.0.0.1";
        Path storage = null;
        boolean serveAll = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--serve-all-buckets")) {
                serveAll = true;
                continue;
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(arg.startsWith("--") ? arg + " needs a value" : "unexpected argument " + arg);
            }
            String value = args.get(++i);
            switch (arg) {
                case "--port" -> port = port(value);
                case "--node-id" -> nodeId = value;
                case "--bind" -> bind = value;
                case "--storage-dir" -> storage = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        if (nodeId.isBlank() || !nodeId.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("--node-id must be letters, digits, '.', '_' or '-', was '" + nodeId + "'");
        }
        return new Options(port, nodeId, bind, storage, serveAll);
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--port must be in [0, 65535], was " + value);
    }
}
