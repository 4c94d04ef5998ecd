package org.dtablecluster.monitor;

import static org.dtablecluster.etcd.EtcdClients.bytes;
import static org.dtablecluster.etcd.EtcdClients.string;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.support.CloseableClient;
import io.grpc.stub.StreamObserver;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dtablecluster.etcd.Keyspace;
import org.dtablecluster.etcd.NodeRegistration;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.view.NodeEntry;

/**
 * Stands in for the node role in tests: registers dtable-servers under leases it keeps alive, and
 * lets a test stop them gracefully (revoke), let them die (stop renewing) or register them again.
 * Unlike the real node role it never re-registers on its own, so a test decides when a node comes
 * back. Also reads the assignment straight from etcd.
 */
final class FakeNodes implements AutoCloseable {

    private final Client client;
    private final Keyspace keyspace;
    private final List<FakeNode> nodes = new ArrayList<>();

    FakeNodes(Client client, Keyspace keyspace) {
        this.client = client;
        this.keyspace = keyspace;
    }

    FakeNode register(String nodeId, long ttlSeconds) throws Exception {
        return register(nodeId, ttlSeconds, false);
    }

    /** @param handoff whether it registers {@code "handoff": true}, as an agent with a hook does */
    FakeNode register(String nodeId, long ttlSeconds, boolean handoff) throws Exception {
        FakeNode n = new FakeNode(nodeId, ttlSeconds, handoff);
        n.register();
        nodes.add(n);
        return n;
    }

    /** The assign keys as etcd has them now. */
    Assignment assignment() {
        Assignment.Builder b = Assignment.builder(Assignment.BUCKETS);
        try {
            for (KeyValue kv : client.getKVClient().get(bytes(keyspace.assignScanPrefix()),
                    GetOption.builder().isPrefix(true).build()).get(5, TimeUnit.SECONDS).getKvs()) {
                String key = string(kv.getKey());
                b.set(Integer.parseInt(key.substring(key.length() - 2), 16), string(kv.getValue()));
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the assign keys", e);
        }
        return b.build();
    }

    /** Whether etcd has the node's registration key. */
    boolean isRegistered(String nodeId) {
        try {
            return client.getKVClient().get(bytes(keyspace.nodeKey(nodeId))).get(5, TimeUnit.SECONDS).getCount() == 1;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + nodeId, e);
        }
    }

    @Override
    public void close() {
        for (FakeNode n : nodes) {
            n.stopRenewing();
            try {
                n.revoke();
            } catch (Exception e) {
                // etcd may be down at the end of a failed test; the lease expires anyway
            }
        }
    }

    final class FakeNode {
        final String nodeId;
        private final long ttlSeconds;
        private final boolean handoff;
        private long leaseId;
        private long revision;
        private CloseableClient keepAlive;

        private FakeNode(String nodeId, long ttlSeconds, boolean handoff) {
            this.nodeId = nodeId;
            this.ttlSeconds = ttlSeconds;
            this.handoff = handoff;
        }

        long leaseId() {
            return leaseId;
        }

        /** Registers under a new lease, as the node role does after losing its lease. */
        void register() throws Exception {
            stopRenewing();
            leaseId = client.getLeaseClient().grant(ttlSeconds).get(5, TimeUnit.SECONDS).getID();
            String json = new NodeRegistration(nodeId, URI.create("https://" + nodeId + ".example.com/"),
                    URI.create("http://127.0.0.1:8000/" + nodeId + "/"), handoff
                            ? Map.of("zone", "test", NodeEntry.HANDOFF_ATTRIBUTE, "true") : Map.of("zone", "test"))
                    .toJson();
            revision = client.getKVClient().put(bytes(keyspace.nodeKey(nodeId)), bytes(json),
                    PutOption.builder().withLeaseId(leaseId).build()).get(5, TimeUnit.SECONDS).getHeader().getRevision();
            keepAlive = client.getLeaseClient().keepAlive(leaseId, new StreamObserver<LeaseKeepAliveResponse>() {
                @Override
                public void onNext(LeaseKeepAliveResponse value) {
                }

                @Override
                public void onError(Throwable t) {
                }

                @Override
                public void onCompleted() {
                }
            });
        }

        /** A graceful stop: the key goes at once. */
        void revoke() throws Exception {
            stopRenewing();
            client.getLeaseClient().revoke(leaseId).get(5, TimeUnit.SECONDS);
        }

        /** A crash: the key goes when the lease expires, up to a TTL later. */
        void stopRenewing() {
            if (keepAlive != null) {
                keepAlive.close();
                keepAlive = null;
            }
        }

        /** The revision of the last registration. */
        long revision() {
            return revision;
        }
    }
}
