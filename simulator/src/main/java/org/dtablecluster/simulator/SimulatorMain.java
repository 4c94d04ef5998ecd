package org.dtablecluster.simulator;

import java.util.List;

/**
 * Runs one simulated dtable-server until killed:
 * <pre>java -jar dtable-cluster-simulator.jar --port 5000 --node-id dtable-server-01 [--bind 127.0.0.1]</pre>
 * Prints one line, {@code dtable-server simulator <node_id> listening on <url>}, once it accepts
 * connections, so a launcher using {@code --port 0} can learn the port.
 */
public final class SimulatorMain {

    /** The parsed command line. */
    record Options(int port, String nodeId, String bind) {
    }

    static final String USAGE = "usage: SimulatorMain [--port N (default 5000, 0 = any)] "
            + "[--node-id dtable-server-NN (default dtable-server-01)] [--bind ADDRESS (default 127.0.0.1)]";

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
        DtableServerSimulator sim = DtableServerSimulator.start(options.nodeId(), options.bind(), options.port());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                sim.close();
            } catch (Exception e) {
                System.err.println("stopping " + options.nodeId() + ": " + e);
            }
        }, "sim-shutdown"));
        System.out.println("dtable-server simulator " + sim.nodeId() + " listening on " + sim.uri());
        System.out.flush();
        sim.join();
    }

    /** @throws IllegalArgumentException naming the argument that is wrong */
    static Options parse(List<String> args) {
        int port = 5000;
        String nodeId = "dtable-server-01";
        String bind = "127.0.0.1";
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(arg.startsWith("--") ? arg + " needs a value" : "unexpected argument " + arg);
            }
            String value = args.get(++i);
            switch (arg) {
                case "--port" -> port = port(value);
                case "--node-id" -> nodeId = value;
                case "--bind" -> bind = value;
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        if (nodeId.isBlank()) {
            throw new IllegalArgumentException("--node-id must not be blank");
        }
        return new Options(port, nodeId, bind);
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
