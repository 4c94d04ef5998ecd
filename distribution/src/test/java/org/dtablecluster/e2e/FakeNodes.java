package org.dtablecluster.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import java.net.URI;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Registers nodes in etcd the way the node role does (key = node_id, JSON value), for tests that
 * drive the proxy and the monitor without node agents; reads assignments as dtable-web does.
 */
final class FakeNodes {

    private final Client client;

    FakeNodes(Client client) {
        this.client = client;
    }

    void register(String nodeId, URI localNodeUrl) throws Exception {
        String json = "{\"node_id\":\"" + nodeId + "\",\"node_url\":\"" + localNodeUrl
                + "\",\"local_node_url\":\"" + localNodeUrl + "\"}";
        client.getKVClient().put(bytes(nodeId), bytes(json)).get(5, TimeUnit.SECONDS);
    }

    void deregister(String nodeId) throws Exception {
        client.getKVClient().delete(bytes(nodeId)).get(5, TimeUnit.SECONDS);
    }

    /** The owner of every assigned bucket, by bucket, as dtable-web reads {@code assign-xx}. */
    Map<Integer, String> owners() throws Exception {
        GetResponse r = client.getKVClient().get(bytes("assign-"),
                GetOption.builder().isPrefix(true).build()).get(5, TimeUnit.SECONDS);
        Map<Integer, String> owners = new TreeMap<>();
        r.getKvs().forEach(kv -> owners.put(
                Integer.parseInt(kv.getKey().toString(UTF_8).substring("assign-".length()), 16),
                kv.getValue().toString(UTF_8)));
        return owners;
    }

    /** Buckets per owner. */
    Map<String, Integer> counts() throws Exception {
        Map<String, Integer> counts = new TreeMap<>();
        owners().values().forEach(o -> counts.merge(o, 1, Integer::sum));
        return counts;
    }

    /** A base UUID (dashed, lowercase) in {@code bucket}. */
    static String baseIn(int bucket, int n) {
        return String.format("%02x%06x-1111-4222-8333-%012x", bucket, n, (long) bucket * 1000 + n);
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, UTF_8);
    }
}
