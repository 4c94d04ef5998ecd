package org.dtablecluster.e2e;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broken dtable_server_config.json stops the real Jetty with one message naming file and key. */
class BadConfigurationEndToEndTest {

    @TempDir
    Path work;

    @Test
    void emptyEtcdHostListStopsJettyAndNamesTheKey() {
        JettyProcess jetty = JettyProcess.prepare(work, "proxy",
                "{ \"cluster_config\": { \"etcd_host_list\": [] // no etcd\n } }");

        int exit = jetty.runToExit(Duration.ofSeconds(60));

        String log = jetty.log();
        assertNotEquals(0, exit, log);
        Path config = jetty.base().resolve("etc/dtable_server_config.json");
        assertTrue(log.contains("dtable-cluster cannot start: Configuration file " + config), log);
        assertTrue(log.contains("cluster_config.etcd_host_list"), log);
    }

    @Test
    void nodeIdOutsideTheDtableServerPrefixStopsJetty() {
        JettyProcess jetty = JettyProcess.prepare(work, "node", """
                {"cluster_config": {"etcd_host_list": ["127.0.0.1:1"], "node_id": "server-01",
                  "node_url": "http://127.0.0.1:1/", "local_node_url": "http://127.0.0.1:1/"}}""");

        int exit = jetty.runToExit(Duration.ofSeconds(60));

        String log = jetty.log();
        assertNotEquals(0, exit, log);
        assertTrue(log.contains("cluster_config.node_id"), log);
        assertTrue(log.contains("dtable-server-"), log);
    }
}
