package org.dtablecluster.view;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Map;

/**
 * A node's registration as read from etcd.
 *
 * @param nodeId the key, such as {@code dtable-server-01}
 * @param nodeUrl {@code node_url}: what browsers use
 * @param localNodeUrl {@code local_node_url}: where the proxy forwards
 * @param attributes every field of the registration JSON as text, including the three above
 * @param modRevision the etcd revision of the registration
 */
public record NodeEntry(
        String nodeId, URI nodeUrl, URI localNodeUrl, Map<String, String> attributes, long modRevision) {

    public NodeEntry {
        requireNonNull(nodeId, "nodeId is null");
        requireNonNull(nodeUrl, "nodeUrl is null");
        requireNonNull(localNodeUrl, "localNodeUrl is null");
        attributes = Map.copyOf(requireNonNull(attributes, "attributes is null"));
    }

    /** The registration field saying the node's agent releases buckets through the handoff. */
    public static final String HANDOFF_ATTRIBUTE = "handoff";

    /**
     * True when the node's agent releases buckets through the handoff of OWNERSHIP.md (it
     * registers {@code "handoff": true}); a node without it, such as a dtable-server that
     * registers itself, gets the best-effort path.
     */
    public boolean releasesThroughHandoff() {
        return "true".equals(attributes.get(HANDOFF_ATTRIBUTE));
    }
}
