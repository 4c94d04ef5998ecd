package org.dtablecluster.etcd;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.dtablecluster.config.NodeSettings;
import org.dtablecluster.json.Json;
import org.dtablecluster.view.NodeEntry;
import org.dtablecluster.view.NodeId;

/**
 * The value a node writes under its key: a JSON object with {@code node_id}, {@code node_url}
 * and {@code local_node_url} (what dtable-web needs) and any extra text fields, such as
 * {@code version}, {@code started_at}, {@code weight} and {@code zone}.
 *
 * @param nodeId {@code node_id}; the key is {@code <prefix><nodeId>}
 * @param nodeUrl {@code node_url}: what browsers use
 * @param localNodeUrl {@code local_node_url}: where the proxy forwards
 * @param extra the other fields, written as JSON strings in key order
 */
public record NodeRegistration(String nodeId, URI nodeUrl, URI localNodeUrl, Map<String, String> extra) {

    public static final String NODE_ID = "node_id";
    public static final String NODE_URL = "node_url";
    public static final String LOCAL_NODE_URL = "local_node_url";
    public static final String VERSION = "version";
    public static final String STARTED_AT = "started_at";
    public static final String WEIGHT = "weight";
    public static final String ZONE = "zone";

    private static final Set<String> REQUIRED = Set.of(NODE_ID, NODE_URL, LOCAL_NODE_URL);

    public NodeRegistration {
        NodeId.check(nodeId);
        checkUrl(NODE_URL, requireNonNull(nodeUrl, "nodeUrl is null"));
        checkUrl(LOCAL_NODE_URL, requireNonNull(localNodeUrl, "localNodeUrl is null"));
        requireNonNull(extra, "extra is null");
        for (String name : extra.keySet()) {
            if (REQUIRED.contains(name)) {
                throw new IllegalArgumentException("extra field '" + name + "' would replace a required field");
            }
        }
        extra = Map.copyOf(extra);
    }

    /**
     * What the node role registers for {@code settings}: its ids and URLs, its configured
     * attributes (such as {@code weight} and {@code zone}), the software version and start time.
     */
    public static NodeRegistration of(NodeSettings settings, String version, Instant startedAt) {
        Map<String, String> extra = new LinkedHashMap<>(settings.attributes());
        extra.put(VERSION, requireNonNull(version, "version is null"));
        extra.put(STARTED_AT, requireNonNull(startedAt, "startedAt is null").toString());
        return new NodeRegistration(settings.nodeId(), settings.nodeUrl(), settings.localNodeUrl(), extra);
    }

    /** This registration with one more field, {@code name}, set to {@code value}. */
    public NodeRegistration with(String name, String value) {
        Map<String, String> more = new java.util.LinkedHashMap<>(extra);
        more.put(name, value);
        return new NodeRegistration(nodeId, nodeUrl, localNodeUrl, more);
    }

    /** The JSON text to store in etcd: the required fields first, then the extras by name. */
    public String toJson() {
        ObjectNode o = Json.object();
        o.put(NODE_ID, nodeId);
        o.put(NODE_URL, nodeUrl.toString());
        o.put(LOCAL_NODE_URL, localNodeUrl.toString());
        new TreeMap<>(extra).forEach(o::put);
        return Json.text(o);
    }

    /** The entry a view keeps for this registration. */
    public NodeEntry toEntry(long modRevision) {
        Map<String, String> attributes = new LinkedHashMap<>(extra);
        attributes.put(NODE_ID, nodeId);
        attributes.put(NODE_URL, nodeUrl.toString());
        attributes.put(LOCAL_NODE_URL, localNodeUrl.toString());
        return new NodeEntry(nodeId, nodeUrl, localNodeUrl, attributes, modRevision);
    }

    /**
     * Parses the value stored under a node key. The key names the node; a {@code node_id} field
     * may be missing, but if present it must agree. Every field becomes text: strings as they
     * are, numbers and booleans as written, objects and arrays as JSON; {@code null} fields are
     * dropped.
     *
     * @param nodeId the node id taken from the key
     * @throws IllegalArgumentException when the value is not such an object; the message says why
     */
    public static NodeRegistration parse(String nodeId, String json) {
        requireNonNull(nodeId, "nodeId is null");
        requireNonNull(json, "json is null");
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            JsonNode v = f.getValue();
            if (!v.isNull()) {
                fields.put(f.getKey(), v.isValueNode() ? v.asText() : v.toString());
            }
        }
        String declared = fields.remove(NODE_ID);
        if (declared != null && !declared.equals(nodeId)) {
            throw new IllegalArgumentException(NODE_ID + " '" + declared + "' does not match its key's node id '"
                    + nodeId + "'");
        }
        URI nodeUrl = url(NODE_URL, fields.remove(NODE_URL), root);
        URI localNodeUrl = url(LOCAL_NODE_URL, fields.remove(LOCAL_NODE_URL), root);
        return new NodeRegistration(nodeId, nodeUrl, localNodeUrl, fields);
    }

    private static URI url(String field, String text, JsonNode root) {
        if (text == null) {
            throw new IllegalArgumentException("'" + field + "' is missing");
        }
        if (!root.get(field).isTextual()) {
            throw new IllegalArgumentException("'" + field + "' must be a string");
        }
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + field + "' is not a URL: " + e.getMessage());
        }
        checkUrl(field, uri);
        return uri;
    }

    private static void checkUrl(String field, URI uri) {
        String scheme = uri.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme) || uri.getHost() == null) {
            throw new IllegalArgumentException("'" + field + "' must be an absolute http(s) URL with a host, was '"
                    + uri + "'");
        }
    }
}
