package org.dtablecluster.monitor;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Optional;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.view.NodeId;
import org.dtablecluster.view.OperatorIntent;

/**
 * An operator's drain, undrain, pin or unpin, as the admin port and JMX parse it; the leader's
 * monitor executes it ({@link Monitor#operate}). A plain value, so a proxy that does not lead can
 * hand it on as it is.
 */
public sealed interface OperatorCommand {

    /** {@code drain}, {@code undrain}, {@code pin} or {@code unpin}. */
    String action();

    /** Only plan: write nothing. */
    boolean dryRun();

    /** Who asked, for the drained key and the log: a user name, or {@code jmx}. */
    String by();

    /** The drains and pins as they are once this is done. */
    OperatorIntent applyTo(OperatorIntent intent, Instant now);

    /** What it is about, for the log and the run's trigger: {@code dtable-server-02}, {@code 3f->dtable-server-01}. */
    String subject();

    /** Adds what it is about ({@code node_id}, {@code bucket}) to an answer. */
    void describe(ObjectNode answer);

    /** A command about one node. */
    sealed interface OfNode extends OperatorCommand {
        String nodeId();

        @Override
        default String subject() {
            return nodeId();
        }

        @Override
        default void describe(ObjectNode answer) {
            answer.put("node_id", nodeId());
        }
    }

    /** Moves every bucket off {@code nodeId} and keeps it empty until undrained. */
    record Drain(String nodeId, String by, boolean dryRun) implements OfNode {
        public Drain {
            NodeId.check(nodeId);
            requireNonNull(by, "by is null");
        }

        @Override
        public String action() {
            return "drain";
        }

        @Override
        public OperatorIntent applyTo(OperatorIntent intent, Instant now) {
            return intent.isDrained(nodeId) ? intent
                    : intent.withDrain(nodeId, new OperatorIntent.Drain(Optional.of(by), Optional.of(now)));
        }
    }

    /** Lifts a drain; the rebalance that follows gives the node its share back. */
    record Undrain(String nodeId, String by, boolean dryRun) implements OfNode {
        public Undrain {
            NodeId.check(nodeId);
            requireNonNull(by, "by is null");
        }

        @Override
        public String action() {
            return "undrain";
        }

        @Override
        public OperatorIntent applyTo(OperatorIntent intent, Instant now) {
            return intent.withoutDrain(nodeId);
        }
    }

    /** Keeps {@code bucket} on {@code nodeId} while that node is live and not drained. */
    record Pin(int bucket, String nodeId, String by, boolean dryRun) implements OperatorCommand {
        public Pin {
            checkBucket(bucket);
            NodeId.check(nodeId);
            requireNonNull(by, "by is null");
        }

        @Override
        public String subject() {
            return Assignment.hex(bucket) + "->" + nodeId;
        }

        @Override
        public String action() {
            return "pin";
        }

        @Override
        public OperatorIntent applyTo(OperatorIntent intent, Instant now) {
            return intent.withPin(bucket, nodeId);
        }

        @Override
        public void describe(ObjectNode answer) {
            answer.put("bucket", Assignment.hex(bucket)).put("node_id", nodeId);
        }
    }

    /** Lifts the pin of {@code bucket}. */
    record Unpin(int bucket, String by, boolean dryRun) implements OperatorCommand {
        public Unpin {
            checkBucket(bucket);
            requireNonNull(by, "by is null");
        }

        @Override
        public String subject() {
            return Assignment.hex(bucket);
        }

        @Override
        public String action() {
            return "unpin";
        }

        @Override
        public OperatorIntent applyTo(OperatorIntent intent, Instant now) {
            return intent.withoutPin(bucket);
        }

        @Override
        public void describe(ObjectNode answer) {
            answer.put("bucket", Assignment.hex(bucket));
        }
    }

    /** A bucket as operators write it: two hex digits, either case; -1 when it is not that. */
    public static int parseBucket(String hex) {
        if (hex == null || hex.length() != 2 || Character.digit(hex.charAt(0), 16) < 0
                || Character.digit(hex.charAt(1), 16) < 0) {
            return -1;
        }
        return Integer.parseInt(hex, 16);
    }

    private static void checkBucket(int bucket) {
        if (bucket < 0 || bucket >= Assignment.BUCKETS) {
            throw new IllegalArgumentException("bucket must be in [0, " + (Assignment.BUCKETS - 1) + "], was "
                    + bucket);
        }
    }
}
