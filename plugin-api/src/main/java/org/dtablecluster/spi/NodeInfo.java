package org.dtablecluster.spi;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A live node as it registered itself: its id and every other field of its registration JSON,
 * as text (a JSON number {@code 2} arrives as {@code "2"}; nested values arrive as JSON text).
 *
 * @param nodeId the node's id, such as {@code dtable-server-01}
 * @param attributes the other fields, for example {@code node_url}, {@code weight} or {@code zone}
 */
public record NodeInfo(String nodeId, Map<String, String> attributes) {

    public NodeInfo {
        requireNonNull(nodeId, "nodeId is null");
        if (nodeId.isBlank()) {
            throw new IllegalArgumentException("nodeId is blank");
        }
        requireNonNull(attributes, "attributes is null");
        // Sorted, so a strategy that iterates attributes gives the same answer in every JVM.
        attributes = Collections.unmodifiableSortedMap(new TreeMap<>(attributes));
    }

    /** A node with no attributes. */
    public static NodeInfo of(String nodeId) {
        return new NodeInfo(nodeId, Map.of());
    }

    /** The attribute's value, if the node registered it. */
    public Optional<String> attribute(String name) {
        return Optional.ofNullable(attributes.get(name));
    }

    @Override
    public String toString() {
        return "NodeInfo[" + nodeId + " " + attributes + "]";
    }
}
