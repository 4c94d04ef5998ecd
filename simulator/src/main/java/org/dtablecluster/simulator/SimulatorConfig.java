package org.dtablecluster.simulator;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * How one simulated dtable-server runs.
 *
 * @param nodeId the node id it answers as, e.g. {@code dtable-server-01}
 * @param bind the address it listens on
 * @param port the port (0: any free one)
 * @param storageDir where the bases and the serving records live; shared by every simulator of
 *     one cluster, as dtable-storage-server is shared by real dtable-servers
 * @param serveAllBuckets serve every bucket from the start and ignore {@code valid_until_ms}: the
 *     behaviour of a server with no node agent in front of it, for benchmarks and tests where
 *     ownership is not what is measured
 */
public record SimulatorConfig(String nodeId, String bind, int port, Path storageDir, boolean serveAllBuckets) {

    public SimulatorConfig {
        requireNonNull(nodeId, "nodeId is null");
        requireNonNull(bind, "bind is null");
        requireNonNull(storageDir, "storageDir is null");
        if (nodeId.isBlank() || !nodeId.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("node id must be letters, digits, '.', '_' or '-', was '" + nodeId + "'");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in [0, 65535], was " + port);
        }
    }

    /** A server on 127.0.0.1 and a free port that serves only what its hook gives it. */
    public static SimulatorConfig owningNothing(String nodeId, Path storageDir) {
        return new SimulatorConfig(nodeId, "127.0.0.1", 0, storageDir, false);
    }
}
