package org.dtablecluster.monitor;

import static java.util.Objects.requireNonNull;
import static org.dtablecluster.etcd.EtcdClients.bytes;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.dtablecluster.etcd.HandoffValues;
import org.dtablecluster.etcd.Keyspace;
import org.dtablecluster.spi.Move;
import org.dtablecluster.view.Handoff;
import org.dtablecluster.view.HandoffAck;

/**
 * The leader's three handoff transactions (HANDOFF-DESIGN.md), each guarded by its
 * {@link Leadership} and committed without blocking. When a guard fails, the transaction reads
 * the election key instead, so the caller can tell a lost leadership from a lost race (which
 * is no error: the next snapshot shows what happened).
 */
final class HandoffTransactions {

    /** How a transaction ended; {@code revision} is etcd's after it. */
    record Result(boolean committed, boolean leadershipLost, long revision) {
    }

    private final KV kv;
    private final Keyspace keyspace;

    HandoffTransactions(KV kv, Keyspace keyspace) {
        this.kv = requireNonNull(kv, "kv is null");
        this.keyspace = requireNonNull(keyspace, "keyspace is null");
    }

    /** Opens a handoff: only while {@code assign-xx} still names the old owner and no handoff is open. */
    CompletableFuture<Result> start(Leadership leadership, Move move, long nowEpochMs) {
        ByteSequence handoff = bytes(keyspace.handoffKey(move.bucket()));
        return commit(leadership, List.of(
                new Cmp(bytes(keyspace.assignKey(move.bucket())), Cmp.Op.EQUAL, CmpTarget.value(bytes(move.from()))),
                new Cmp(handoff, Cmp.Op.EQUAL, CmpTarget.version(0))),
                Op.put(handoff, ByteSequence.from(HandoffValues.handoff(move.from(), move.to(),
                        leadership.createRevision(), nowEpochMs)), PutOption.DEFAULT));
    }

    /** Ends a handoff: {@code assign-xx = to}, its keys deleted, while it is the handoff we saw. */
    CompletableFuture<Result> flip(Leadership leadership, Handoff h) {
        List<Op> ops = new ArrayList<>();
        ops.add(Op.put(bytes(keyspace.assignKey(h.bucket())), bytes(h.to()), PutOption.DEFAULT));
        ops.addAll(deletes(h.bucket()));
        return commit(leadership, List.of(sameHandoff(h)), ops.toArray(Op[]::new));
    }

    /**
     * Gives a handoff up, the bucket staying with its owner. Unless the snapshot already showed a
     * release for it, the transaction also requires that none has arrived since (the release key
     * as seen, absent or stale): a bucket released meanwhile is the target's to take, not to be
     * handed back while the target may already serve it.
     *
     * @param seenRelease the release key as the snapshot had it; {@code null} when absent
     * @param released whether it answered this handoff
     */
    CompletableFuture<Result> cancel(Leadership leadership, Handoff h, HandoffAck seenRelease, boolean released) {
        List<Cmp> guards = new ArrayList<>();
        guards.add(sameHandoff(h));
        if (!released) {
            ByteSequence key = bytes(keyspace.releasedKey(h.bucket()));
            guards.add(seenRelease == null ? new Cmp(key, Cmp.Op.EQUAL, CmpTarget.version(0))
                    : new Cmp(key, Cmp.Op.EQUAL, CmpTarget.value(ByteSequence.from(
                            HandoffValues.ack(seenRelease.nodeId(), seenRelease.handoffRevision())))));
        }
        return commit(leadership, guards, deletes(h.bucket()).toArray(Op[]::new));
    }

    private Cmp sameHandoff(Handoff h) {
        return new Cmp(bytes(keyspace.handoffKey(h.bucket())), Cmp.Op.EQUAL, CmpTarget.modRevision(h.modRevision()));
    }

    private List<Op> deletes(int bucket) {
        return List.of(Op.delete(bytes(keyspace.handoffKey(bucket)), DeleteOption.DEFAULT),
                Op.delete(bytes(keyspace.releasedKey(bucket)), DeleteOption.DEFAULT),
                Op.delete(bytes(keyspace.acceptedKey(bucket)), DeleteOption.DEFAULT));
    }

    private CompletableFuture<Result> commit(Leadership leadership, List<Cmp> guards, Op... ops) {
        List<Cmp> all = new ArrayList<>();
        all.add(leadership.guard());
        all.addAll(guards);
        try {
            return kv.txn().If(all.toArray(Cmp[]::new)).Then(ops)
                    .Else(Op.get(leadership.key(), GetOption.DEFAULT)).commit()
                    .thenApply(r -> result(leadership, r));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static Result result(Leadership leadership, TxnResponse r) {
        long revision = r.getHeader().getRevision();
        if (r.isSucceeded()) {
            return new Result(true, false, revision);
        }
        List<KeyValue> kvs = r.getGetResponses().isEmpty() ? List.of() : r.getGetResponses().get(0).getKvs();
        boolean ours = !kvs.isEmpty() && kvs.get(0).getCreateRevision() == leadership.createRevision();
        return new Result(false, !ours, revision);
    }
}
