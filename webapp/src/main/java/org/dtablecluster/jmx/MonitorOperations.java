package org.dtablecluster.jmx;

import java.util.function.Supplier;
import org.dtablecluster.JsonAnswers;
import org.dtablecluster.json.Json;
import org.dtablecluster.monitor.OperatorCommand;
import org.dtablecluster.view.NodeId;

/**
 * The Monitor MBean's drain, undrain, pin and unpin: the arguments become an
 * {@link OperatorCommand} (by {@value #BY}), and the answer is the JSON text the admin port sends.
 * A bad argument answers {@code {"outcome": "BAD_REQUEST", "error": "bad_node_id", ...}} instead
 * of throwing, so Jolokia shows the reason.
 */
final class MonitorOperations {

    /** Who a JMX operation is by, in the drained key and the log. */
    static final String BY = "jmx";

    private MonitorOperations() {
    }

    static String drain(MonitorControl monitor, String nodeId) {
        return run(monitor, () -> new OperatorCommand.Drain(nodeId(nodeId), BY, false));
    }

    static String undrain(MonitorControl monitor, String nodeId) {
        return run(monitor, () -> new OperatorCommand.Undrain(nodeId(nodeId), BY, false));
    }

    static String pin(MonitorControl monitor, String bucketHex, String nodeId) {
        return run(monitor, () -> new OperatorCommand.Pin(bucket(bucketHex), nodeId(nodeId), BY, false));
    }

    static String unpin(MonitorControl monitor, String bucketHex) {
        return run(monitor, () -> new OperatorCommand.Unpin(bucket(bucketHex), BY, false));
    }

    private static String run(MonitorControl monitor, Supplier<OperatorCommand> command) {
        OperatorCommand c;
        try {
            c = command.get();
        } catch (BadArgument e) {
            return Json.pretty(JsonAnswers.error(e.code, e.getMessage()).put("outcome", "BAD_REQUEST"));
        }
        return monitor.operate(c).toJsonText();
    }

    private static String nodeId(String nodeId) {
        String problem = nodeId == null ? "node id is missing" : NodeId.problem(nodeId);
        if (problem != null) {
            throw new BadArgument("bad_node_id", problem);
        }
        return nodeId;
    }

    private static int bucket(String hex) {
        int bucket = OperatorCommand.parseBucket(hex);
        if (bucket < 0) {
            throw new BadArgument("bad_bucket", "a bucket is two hex digits, 00 to ff, was '" + hex + "'");
        }
        return bucket;
    }

    private static final class BadArgument extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String code;

        BadArgument(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }
}
