package org.dtablecluster.node;

import static java.util.Objects.requireNonNull;

/**
 * Thrown by {@link NodeAgent#start()} when another process holds this node's registration:
 * taking it over silently would let two dtable-servers load the same bases. The message names
 * the node, the holder and what an operator can do; a servlet context listener that lets it
 * through fails the deployment with it.
 */
public final class NodeIdTakenException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String nodeId;
    private final String key;
    private final String holder;
    private final String holderInstance;

    /**
     * @param nodeId the contested node id
     * @param key the etcd key holding the registration
     * @param holder who holds it: instance, start time, URLs, lease, as text for the operator
     * @param holderInstance the holder's instance id; {@code null} when the value names none
     * @param expiry how the key will go away on its own, if it will
     */
    NodeIdTakenException(String nodeId, String key, String holder, String holderInstance, String expiry) {
        super(message(nodeId, key, holder, expiry));
        this.nodeId = requireNonNull(nodeId, "nodeId is null");
        this.key = requireNonNull(key, "key is null");
        this.holder = requireNonNull(holder, "holder is null");
        this.holderInstance = holderInstance;
    }

    private static String message(String nodeId, String key, String holder, String expiry) {
        return "node_id '" + nodeId + "' is already registered in etcd by another process (" + holder + "); "
                + "refusing to take it over, since two dtable-servers must never serve the same bases. "
                + "Either stop that process (a graceful stop frees the key at once), " + expiry
                + ", or, if you are sure that process is gone, delete the key with: etcdctl del " + key
                + " (or give this node a different node_id)";
    }

    public String nodeId() {
        return nodeId;
    }

    /** The etcd key, with the key prefix if any. */
    public String key() {
        return key;
    }

    /** The holder's details as shown in the message. */
    public String holder() {
        return holder;
    }

    /** The holder's instance id, or {@code null}. */
    String holderInstance() {
        return holderInstance;
    }
}
