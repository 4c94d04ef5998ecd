package org.dtablecluster.monitor;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.dtablecluster.json.Json;

/**
 * How an operator's drain, undrain, pin or unpin ended; one JSON answer for the admin port and
 * JMX alike ({@link #toJson()}).
 *
 * @param command what was asked
 * @param status how it ended
 * @param changed whether the drained or pinned key was written (or would be, in a dry run)
 * @param rebalance the rebalance that followed (or was planned), when it got that far
 * @param error why nothing was done, for every status but {@code APPLIED} and {@code PLANNED}
 * @param leader the leading monitor's instance id, when known
 */
public record OperatorResult(OperatorCommand command, Status status, boolean changed,
        Optional<RebalanceResult> rebalance, Optional<String> error, Optional<String> leader) {

    /** How it ended, with its HTTP status and error code. */
    public enum Status {
        /** The key was written (or was already so) and a rebalance ran; its own error, if any, is in the answer. */
        APPLIED(200, null),
        /** A dry run: what it would move; nothing written. */
        PLANNED(200, null),
        /** Refused: a pin to a drained, dead or unknown node, or draining the last live node. */
        CONFLICT(409, "refused"),
        /** A drain or undrain of a node the cluster does not know. */
        NOT_FOUND(404, "unknown_node"),
        /** This instance does not lead; {@link #leader()} names the one that does. */
        NOT_LEADER(409, "not_leader"),
        /** The view is not in sync with etcd, or the monitor is not running. */
        NOT_READY(503, "not_ready"),
        /** etcd refused or did not answer the write. */
        FAILED(500, "failed");

        private final int httpStatus;
        private final String errorCode;

        Status(int httpStatus, String errorCode) {
            this.httpStatus = httpStatus;
            this.errorCode = errorCode;
        }

        public int httpStatus() {
            return httpStatus;
        }
    }

    public OperatorResult {
        requireNonNull(command, "command is null");
        requireNonNull(status, "status is null");
        requireNonNull(rebalance, "rebalance is null");
        requireNonNull(error, "error is null");
        requireNonNull(leader, "leader is null");
        if ((status.errorCode == null) == error.isPresent()) {
            throw new IllegalArgumentException("an error goes with every status but APPLIED and PLANNED, was "
                    + status + " with error " + error);
        }
    }

    public static OperatorResult done(OperatorCommand command, boolean changed, RebalanceResult rebalance) {
        return new OperatorResult(command, command.dryRun() ? Status.PLANNED : Status.APPLIED, changed,
                Optional.of(rebalance), Optional.empty(), rebalance.leader());
    }

    public static OperatorResult refused(OperatorCommand command, Status status, String error, String leader) {
        return new OperatorResult(command, status, false, Optional.empty(), Optional.of(error),
                Optional.ofNullable(leader));
    }

    public boolean succeeded() {
        return error.isEmpty();
    }

    /**
     * {@code {"outcome": "APPLIED", "action": "drain", "node_id": …, "changed": true, "dry_run":
     * false, "moved": 85, "moves": […], "counts": {…}, "revision": …, "leader": …}}; a refusal has
     * {@code "error"} and {@code "message"} instead of the moves. When the key was written but the
     * rebalance could not run (the re-registration grace, say), {@code "rebalance_error"} says
     * why: the next run honours the key all the same.
     */
    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("outcome", status.name());
        o.put("action", command.action());
        command.describe(o);
        o.put("dry_run", command.dryRun());
        if (error.isPresent()) {
            o.put("error", status.errorCode).put("message", error.get());
        } else {
            o.put("changed", changed);
            rebalance.ifPresent(r -> {
                if (r.succeeded()) {
                    o.setAll(r.toJson());
                    o.put("dry_run", command.dryRun());
                } else {
                    o.put("moved", 0).putArray("moves");
                    o.put("rebalance_error", r.error().orElseThrow());
                }
            });
        }
        leader.ifPresent(l -> o.put("leader", l));
        return o;
    }

    /** {@link #toJson()} pretty-printed: the text JMX returns and the body HTTP sends. */
    public String toJsonText() {
        return Json.pretty(toJson());
    }
}
