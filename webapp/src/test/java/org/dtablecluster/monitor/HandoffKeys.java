package org.dtablecluster.monitor;

import static org.dtablecluster.etcd.EtcdClients.bytes;
import static org.dtablecluster.etcd.EtcdClients.string;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.dtablecluster.etcd.HandoffValues;
import org.dtablecluster.etcd.Keyspace;
import org.dtablecluster.etcd.Keyspace.MoveKey;
import org.dtablecluster.monitor.FakeNodes.FakeNode;
import org.dtablecluster.view.Handoff;

/**
 * The handoff keys straight from etcd, and the answers a node agent writes to them: a release by
 * the old owner and an acceptance by the new one, on the node's lease, guarded by the handoff's
 * revision, as HANDOFF-DESIGN.md has the agents do it.
 */
final class HandoffKeys {

    private final Client client;
    private final Keyspace keyspace;

    HandoffKeys(Client client, Keyspace keyspace) {
        this.client = client;
        this.keyspace = keyspace;
    }

    /** The open handoffs by bucket. */
    Map<Integer, Handoff> open() {
        Map<Integer, Handoff> open = new TreeMap<>();
        for (KeyValue kv : scan(MoveKey.Kind.HANDOFF)) {
            String key = string(kv.getKey());
            int b = Integer.parseInt(key.substring(key.length() - 2), 16);
            open.put(b, HandoffValues.readHandoff(b, kv.getValue().getBytes(), kv.getModRevision()).orElseThrow());
        }
        return open;
    }

    /** How many handoff, released and accepted keys exist. */
    int keyCount() {
        int n = 0;
        for (MoveKey.Kind kind : MoveKey.Kind.values()) {
            n += scan(kind).size();
        }
        return n;
    }

    /** The old owner's release; false when the handoff is not the one named any more. */
    boolean release(FakeNode node, Handoff h) {
        return answer(node, h, keyspace.releasedKey(h.bucket()));
    }

    /** The new owner's acceptance; false when the handoff is not the one named any more. */
    boolean accept(FakeNode node, Handoff h) {
        return answer(node, h, keyspace.acceptedKey(h.bucket()));
    }

    private boolean answer(FakeNode node, Handoff h, String key) {
        try {
            return client.getKVClient().txn()
                    .If(new Cmp(bytes(keyspace.handoffKey(h.bucket())), Cmp.Op.EQUAL,
                            CmpTarget.modRevision(h.modRevision())))
                    .Then(Op.put(bytes(key), ByteSequence.from(HandoffValues.ack(node.nodeId, h.modRevision())),
                            PutOption.builder().withLeaseId(node.leaseId()).build()))
                    .commit().get(5, TimeUnit.SECONDS).isSucceeded();
        } catch (Exception e) {
            throw new IllegalStateException("cannot answer " + h, e);
        }
    }

    private java.util.List<KeyValue> scan(MoveKey.Kind kind) {
        try {
            return client.getKVClient().get(bytes(keyspace.moveScanPrefix(kind)),
                    GetOption.builder().isPrefix(true).build()).get(5, TimeUnit.SECONDS).getKvs();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the " + kind + " keys", e);
        }
    }
}
