package org.dtablecluster.monitor;

import io.etcd.jetcd.Client;
import java.util.ArrayList;
import java.util.List;
import org.dtablecluster.etcd.EtcdClients;
import org.dtablecluster.etcd.Keyspace;
import org.dtablecluster.testing.EtcdClusterExtension;

/**
 * One monitor test's world on a real etcd emptied for it: a client, {@link FakeNodes}, and what
 * the test starts ({@link #closeLater}), closed in reverse order.
 */
final class MonitorScene implements AutoCloseable {

    final Client client;
    final FakeNodes nodes;
    private final List<AutoCloseable> closing = new ArrayList<>();

    MonitorScene(EtcdClusterExtension etcd) {
        etcd.deleteAllKeys();
        client = EtcdClients.create(etcd.settings(""));
        nodes = new FakeNodes(client, Keyspace.root());
    }

    <T extends AutoCloseable> T closeLater(T resource) {
        closing.add(resource);
        return resource;
    }

    @Override
    public void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        nodes.close();
        client.close();
    }
}
