package org.dtablecluster.proxy;

import static java.util.Objects.requireNonNull;

import org.dtablecluster.view.NodeEntry;

/** Where one request goes, or why it goes nowhere. */
public sealed interface RouteDecision {

    /**
     * The request names a base in {@code bucket}, and {@code node} owns it and is live;
     * {@code path} is the normalised path it was routed by, the one to forward.
     */
    record ToOwner(NodeEntry node, int bucket, String path) implements RouteDecision {
        public ToOwner {
            requireNonNull(node, "node is null");
        }
    }

    /**
     * The request names no base; {@code node} is a live node picked to spread the load;
     * {@code path} is the normalised path to forward.
     */
    record ToAnyNode(NodeEntry node, String path) implements RouteDecision {
        public ToAnyNode {
            requireNonNull(node, "node is null");
        }
    }

    /** The path or query is refused before routing ({@link RequestPath}); {@code problem} says why. */
    record BadPath(String problem) implements RouteDecision {
        public BadPath {
            requireNonNull(problem, "problem is null");
        }
    }

    /** The request names a base in {@code bucket}, whose owner is unset or not live. */
    record NoOwner(int bucket) implements RouteDecision {
    }

    /** No node is live at all. */
    record NoLiveNode() implements RouteDecision {
    }

    /** A {@code dtables} path segment is followed by {@code segment}, which is not a base id. */
    record BadBaseId(String segment) implements RouteDecision {
        public BadBaseId {
            requireNonNull(segment, "segment is null");
        }
    }
}
