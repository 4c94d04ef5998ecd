package org.dtablecluster.e2e;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.Map;
import org.dtablecluster.testing.EtcdCluster;

/** Configurations and etcd reads shared by the end-to-end tests. */
final class Clusters {

    private Clusters() {
    }

    /** A proxy + monitor with short intervals, as the tests want them. */
    static String proxyConfig(EtcdCluster etcd) {
        return """
                {"cluster_config": {
                  "etcd_host_list": %s,
                  "monitor_interval_seconds": 2,
                  "monitor_reregister_grace_seconds": 1,
                  "proxy_timeout_seconds": 3
                }}""".formatted(endpoints(etcd));
    }

    /** A node agent for {@code nodeId} in front of the dtable-server at {@code server}. */
    static String nodeConfig(EtcdCluster etcd, String nodeId, URI server) {
        return """
                {"cluster_config": {
                  "etcd_host_list": %s,
                  "node_id": "%s",
                  "node_url": "%s",
                  "local_node_url": "%s",
                  "lease_ttl_seconds": 10,
                  "health_check_interval_seconds": 1
                }}""".formatted(endpoints(etcd), nodeId, server, server);
    }

    static String endpoints(EtcdCluster etcd) {
        try {
            return new ObjectMapper().writeValueAsString(etcd.clientEndpoints().stream().map(URI::toString).toList());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<Integer, String> owners(FakeNodes nodes) {
        try {
            return nodes.owners();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the assign keys", e);
        }
    }
}
