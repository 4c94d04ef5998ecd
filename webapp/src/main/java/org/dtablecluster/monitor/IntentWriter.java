package org.dtablecluster.monitor;

import static java.util.Objects.requireNonNull;
import static org.dtablecluster.etcd.EtcdClients.bytes;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.PutOption;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.dtablecluster.etcd.IntentValues;
import org.dtablecluster.etcd.Keyspace;

/**
 * Writes an operator's drained or pinned key, guarded by the leader's {@link Leadership}, so a
 * deposed leader writes nothing. Blocking: call it from the monitor's own thread.
 */
final class IntentWriter {

    /** What a write came to: the revision, or that the leadership guard failed. */
    record Written(long revision, boolean leadershipLost) {
    }

    private final KV kv;
    private final Keyspace keyspace;
    private final Duration timeout;

    IntentWriter(KV kv, Keyspace keyspace, Duration timeout) {
        this.kv = requireNonNull(kv, "kv is null");
        this.keyspace = requireNonNull(keyspace, "keyspace is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
    }

    /**
     * @throws IllegalStateException when etcd failed or did not answer in time
     */
    Written write(Leadership leadership, OperatorCommand command, Instant now) throws InterruptedException {
        Op op;
        if (command instanceof OperatorCommand.Drain d) {
            op = Op.put(bytes(keyspace.drainedKey(d.nodeId())), ByteSequence.from(IntentValues.drain(d.by(), now)),
                    PutOption.DEFAULT);
        } else if (command instanceof OperatorCommand.Undrain u) {
            op = Op.delete(bytes(keyspace.drainedKey(u.nodeId())), DeleteOption.DEFAULT);
        } else if (command instanceof OperatorCommand.Pin p) {
            op = Op.put(bytes(keyspace.pinnedKey(p.bucket())), ByteSequence.from(IntentValues.pin(p.nodeId())),
                    PutOption.DEFAULT);
        } else {
            op = Op.delete(bytes(keyspace.pinnedKey(((OperatorCommand.Unpin) command).bucket())),
                    DeleteOption.DEFAULT);
        }
        try {
            TxnResponse r = kv.txn().If(leadership.guard()).Then(op).commit()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Written(r.getHeader().getRevision(), !r.isSucceeded());
        } catch (ExecutionException e) {
            throw new IllegalStateException("etcd refused the " + command.action() + ": " + e.getCause(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("etcd did not answer the " + command.action() + " within " + timeout, e);
        }
    }
}
