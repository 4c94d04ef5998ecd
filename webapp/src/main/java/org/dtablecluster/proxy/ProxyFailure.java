package org.dtablecluster.proxy;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.view.NodeEntry;

/**
 * One error answer of the proxy: its kind, a message for humans, and fields such as
 * {@code bucket} and {@code node} that help whoever reads the log or the body.
 */
public record ProxyFailure(ProxyError kind, String message, Map<String, Object> fields) {

    public ProxyFailure {
        requireNonNull(kind, "kind is null");
        requireNonNull(message, "message is null");
        fields = Map.copyOf(requireNonNull(fields, "fields is null"));
    }

    /** {@code node} when known, {@code bucket} as two hex digits when the request named a base. */
    public static Map<String, Object> fields(NodeEntry node, int bucket) {
        Map<String, Object> fields = new LinkedHashMap<>();
        if (bucket >= 0) {
            fields.put("bucket", Assignment.hex(bucket));
        }
        if (node != null) {
            fields.put("node", node.nodeId());
        }
        return fields;
    }

    public static ProxyFailure of(RouteDecision decision) {
        if (decision instanceof RouteDecision.BadBaseId bad) {
            return new ProxyFailure(ProxyError.BAD_BASE_ID,
                    "'" + bad.segment() + "' after /dtables/ is not a base id (a UUID, 36-char dashed or 32 hex)",
                    Map.of());
        }
        if (decision instanceof RouteDecision.BadPath bad) {
            return new ProxyFailure(ProxyError.BAD_PATH, bad.problem(), Map.of());
        }
        if (decision instanceof RouteDecision.NoOwner none) {
            return new ProxyFailure(ProxyError.NO_OWNER,
                    "bucket " + Assignment.hex(none.bucket()) + " has no live dtable-server; it is being reassigned",
                    fields(null, none.bucket()));
        }
        if (decision instanceof RouteDecision.NoLiveNode) {
            return new ProxyFailure(ProxyError.NO_LIVE_NODE, "no dtable-server is live", Map.of());
        }
        throw new IllegalArgumentException(decision + " forwards the request; it is not a failure");
    }
}
