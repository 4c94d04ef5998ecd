package org.dtablecluster.simulator;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A stand-in for one SeaTable dtable-server, on Jetty core, usable in-process by tests or as a
 * process ({@link SimulatorMain}). Every response carries {@value #NODE_HEADER}: the node id.
 *
 * <p>Like a dtable-server (a leading {@code /dtable-server} is ignored):
 * <ul>
 * <li>{@code GET /ping/} → {@code pong}</li>
 * <li>{@code GET /api/v1/admin/sys-info/} → {@code {"node_id", "enable_cluster", "loaded_dtables_count", ...}}</li>
 * <li>{@code GET /dtables/{uuid}} → the base as JSON; loads it on first use</li>
 * <li>{@code GET /api/v1/dtables/{uuid}/rows/} → {@code {"rows": [...]}};
 *     {@code POST} the same with {@code {"row": {...}}} appends and answers the row with its {@code _id}</li>
 * <li>{@code PUT|POST /api/v1/dtables/{uuid}/import/} → {@code {"size", "sha256"}} of the body,
 *     digested as it streams in</li>
 * <li>{@code GET /api/v1/dtables/{uuid}/download/?size=N&seed=S&hold_after=K} → N bytes of
 *     {@link DeterministicBytes} (seed 1 by default); with {@code hold_after} it pauses after K bytes
 *     until {@code POST /_sim/release}</li>
 * <li>anything else → 200 echo: {@code {"node_id", "method", "path", "query", "headers",
 *     "dtable_uuid", "size", "sha256"}}; a base named in a path segment or in {@code dtable_uuid} is
 *     loaded</li>
 * </ul>
 * Both UUID forms (dashed, 32 hex, any case) name the same base.
 *
 * <p>Simulator control, never faulted:
 * <ul>
 * <li>{@code GET /_sim/bases} → {@code {"node_id", "count", "bases": [{"dtable_uuid", "bucket", "rows"}]}}</li>
 * <li>{@code POST /_sim/assignment} with the node role's hook body (see {@link AssignmentUpdate}):
 *     unloads the bases of the {@code lost} buckets; answers {@code {"applied", "unloaded", "owned",
 *     "revision", ...}}; 409 when {@code node_id} names another node. {@code GET} shows the state.</li>
 * <li>{@code POST /_sim/fault} {@code {"delay_ms", "status", "close"}}; {@code DELETE} clears it</li>
 * <li>{@code POST /_sim/release} resumes held downloads</li>
 * <li>{@code GET /_sim/stats} → {@code {"requests", "body_bytes"}}, body bytes counted as they arrive</li>
 * <li>{@code GET /_sim/sha256?size=N&seed=S} → the SHA-256 of that download</li>
 * </ul>
 */
public final class DtableServerSimulator implements AutoCloseable {

    public static final String NODE_HEADER = "X-Dtable-Server-Node";

    private final SimulatorState state;
    private final Server server;
    private final ServerConnector connector;

    private DtableServerSimulator(String nodeId, String bindHost, int port) {
        this.state = new SimulatorState(nodeId);
        QueuedThreadPool threads = new QueuedThreadPool(64, 2);
        threads.setName("sim-" + nodeId);
        this.server = new Server(threads);
        this.connector = new ServerConnector(server, 1, 1);
        connector.setHost(bindHost);
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new SimulatorHandler(state));
        server.setStopTimeout(0);
    }

    /** Starts a simulator on 127.0.0.1 and an ephemeral port. */
    public static DtableServerSimulator start(String nodeId) throws Exception {
        return start(nodeId, "127.0.0.1", 0);
    }

    public static DtableServerSimulator start(String nodeId, String bindHost, int port) throws Exception {
        requireNonNull(nodeId, "nodeId is null");
        requireNonNull(bindHost, "bindHost is null");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in [0, 65535], was " + port);
        }
        DtableServerSimulator sim = new DtableServerSimulator(nodeId, bindHost, port);
        sim.server.start();
        return sim;
    }

    public String nodeId() {
        return state.nodeId();
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** {@code http://host:port/}, what a node registers as its {@code local_node_url}. */
    public URI uri() {
        String host = connector.getHost().contains(":") ? "[" + connector.getHost() + "]" : connector.getHost();
        return URI.create("http://" + host + ":" + port() + "/");
    }

    public void fault(Fault fault) {
        state.fault(fault);
    }

    /** The canonical (dashed, lowercase) UUIDs of the loaded bases. */
    public Set<String> loadedBases() {
        Set<String> uuids = new TreeSet<>();
        state.bases().all().forEach(b -> uuids.add(b.uuid()));
        return uuids;
    }

    /** Rows of the base in either UUID form, or -1 when it is not loaded here. */
    public int rowCount(String uuid) {
        String canonical = BaseUuids.canonical(uuid);
        LoadedBase base = canonical == null ? null : state.bases().getOrNull(canonical);
        return base == null ? -1 : base.rowCount();
    }

    /** Request-body bytes received so far, counted as they arrive. */
    public long bodyBytesSeen() {
        return state.bodyBytes().sum();
    }

    /** Requests served outside {@code /_sim/}. */
    public long requestCount() {
        return state.requests().sum();
    }

    public void releaseHeldDownloads() {
        state.releaseHeld();
    }

    /** Blocks until the simulator stops. */
    public void join() throws InterruptedException {
        server.join();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
