package org.dtablecluster.simulator;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;

/**
 * A stand-in for one SeaTable dtable-server, on Jetty core, usable in-process by tests or as a
 * process ({@link SimulatorMain}). Every response carries {@value #NODE_HEADER}: the node id.
 *
 * <p>Like a dtable-server (a leading {@code /dtable-server} is ignored):
 * <ul>
 * <li>{@code GET /ping/} → {@code pong}</li>
 * <li>{@code GET /api/v1/admin/sys-info/} → {@code {"node_id", "enable_cluster", "loaded_dtables_count", ...}}</li>
 * <li>{@code GET /dtables/{uuid}} → the base as JSON; loads it from the storage on first use</li>
 * <li>{@code GET /api/v1/dtables/{uuid}/rows/} → {@code {"rows": [...]}}, every row;
 *     {@code POST} the same with {@code {"row": {...}}} appends, saves the whole base to the
 *     storage, and only then answers the row with its {@code _id}</li>
 * <li>{@code PUT|POST /api/v1/dtables/{uuid}/import/} → {@code {"size", "sha256"}} of the body,
 *     digested as it streams in</li>
 * <li>{@code GET /api/v1/dtables/{uuid}/download/?size=N&seed=S&hold_after=K} → N bytes of
 *     {@link DeterministicBytes} (seed 1 by default); with {@code hold_after} it pauses after K bytes
 *     until {@code POST /_sim/release}</li>
 * <li>anything else → 200 echo: {@code {"node_id", "method", "path", "query", "headers",
 *     "dtable_uuid", "size", "sha256"}}; a base named in a path segment or in {@code dtable_uuid} is
 *     loaded</li>
 * </ul>
 * Both UUID forms (dashed, 32 hex, any case) name the same base. A request that names a base (a
 * UUID path segment, else {@code dtable_uuid}) is served only while its bucket is (see
 * {@link Ownership}); otherwise it gets 421 {@code {"error": "not_owner", ...}} and is not
 * processed. A request with {@code Upgrade: websocket} for a served base becomes a WebSocket
 * ({@link EchoSocket}); a released bucket's sockets are closed with 1012.
 *
 * <p>Bases live in a storage directory that all simulators of a cluster share
 * ({@link BaseStorage}); each process records when it served which bucket ({@link ServingLog}).
 *
 * <p>Simulator control, never faulted:
 * <ul>
 * <li>{@code GET /_sim/bases} → {@code {"node_id", "count", "bases": [{"dtable_uuid", "bucket", "rows"}]}}</li>
 * <li>{@code POST /_sim/assignment} with the node role's hook body (see {@link AssignmentUpdate}):
 *     serves {@code owned} (or the buckets gained), releases the others and answers once they are
 *     released: {@code {"applied", "released", "unloaded", "owned", "serving", "valid_until_ms",
 *     "revision", ...}}; 409 when {@code node_id} names another node. {@code GET} shows the state.</li>
 * <li>{@code GET /_sim/intervals} → {@code {"node_id", "incarnation", "intervals": [{"bucket",
 *     "from_ms", "to_ms", "reason"}]}}: when this process served which bucket (an open one ends now,
 *     reason {@code open})</li>
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
    private final Path privateStorage;

    private DtableServerSimulator(SimulatorConfig config, Path privateStorage) {
        this.state = new SimulatorState(config);
        this.privateStorage = privateStorage;
        QueuedThreadPool threads = new QueuedThreadPool(64, 2);
        threads.setName("sim-" + config.nodeId());
        this.server = new Server(threads);
        this.connector = new ServerConnector(server, 1, 1);
        connector.setHost(config.bind());
        connector.setPort(config.port());
        server.addConnector(connector);
        server.setHandler(new SimulatorHandler(state, ServerWebSocketContainer.ensure(server)));
        server.setStopTimeout(0);
    }

    /**
     * Starts a simulator on 127.0.0.1 and an ephemeral port that serves every bucket, with a
     * storage of its own (deleted on close): for tests where ownership is not what is tested.
     */
    public static DtableServerSimulator start(String nodeId) throws Exception {
        requireNonNull(nodeId, "nodeId is null");
        Path storage = Files.createTempDirectory("dtable-sim-" + nodeId + "-");
        return start(new SimulatorConfig(nodeId, "127.0.0.1", 0, storage, true), storage);
    }

    public static DtableServerSimulator start(SimulatorConfig config) throws Exception {
        return start(config, null);
    }

    private static DtableServerSimulator start(SimulatorConfig config, Path privateStorage) throws Exception {
        requireNonNull(config, "config is null");
        DtableServerSimulator sim = new DtableServerSimulator(config, privateStorage);
        try {
            sim.server.start();
        } catch (Exception e) {
            sim.close();
            throw e;
        }
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

    /**
     * Does what a hook call {@code {"owned": owned}} does, in-process: serves exactly {@code owned}
     * from now on (no deadline) and returns once the others are released.
     */
    public void assign(Collection<Integer> owned) throws InterruptedException, ExecutionException, TimeoutException {
        state.ownership().apply(new AssignmentUpdate(null, -1, Set.of(), Set.of(), Set.copyOf(owned), null))
                .get(30, TimeUnit.SECONDS);
    }

    /** The buckets served now. */
    public Set<Integer> servingBuckets() {
        return state.ownership().serving();
    }

    /** When this process served which bucket; open intervals end now. */
    public List<ServingInterval> intervals() {
        return state.servingLog().intervals();
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
        try {
            server.stop();
        } finally {
            state.close();
            if (privateStorage != null) {
                deleteTree(privateStorage);
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
