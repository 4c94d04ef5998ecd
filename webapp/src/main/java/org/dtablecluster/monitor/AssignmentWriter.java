package org.dtablecluster.monitor;

import static java.util.Objects.requireNonNull;
import static org.dtablecluster.etcd.EtcdClients.bytes;

import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.PutOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.dtablecluster.etcd.Keyspace;
import org.dtablecluster.spi.Move;

/**
 * Writes the {@code assign-xx} keys that change, in transactions of at most
 * {@code maxOpsPerTransaction} puts (etcd refuses more than 128 operations per transaction by
 * default), each guarded by the writer's {@link Leadership}: a deposed leader's transaction fails
 * in etcd and nothing of it is applied.
 *
 * <p>Blocking: call it from the monitor's own thread, never from a jetcd callback. This is the
 * {@link MoveApplier} that moves a bucket at once.
 */
final class AssignmentWriter implements MoveApplier {

    /** Below etcd's default limit of 128, leaving room should a guard ever need operations. */
    static final int DEFAULT_MAX_OPS = 100;

    private final KV kv;
    private final Keyspace keyspace;
    private final int maxOps;
    private final Duration timeout;

    /**
     * @param maxOpsPerTransaction in [1, 128]
     * @param timeout per transaction, at least 1 ms
     */
    AssignmentWriter(KV kv, Keyspace keyspace, int maxOpsPerTransaction, Duration timeout) {
        this.kv = requireNonNull(kv, "kv is null");
        this.keyspace = requireNonNull(keyspace, "keyspace is null");
        if (maxOpsPerTransaction < 1 || maxOpsPerTransaction > 128) {
            throw new IllegalArgumentException("maxOpsPerTransaction must be in [1, 128], was " + maxOpsPerTransaction);
        }
        this.maxOps = maxOpsPerTransaction;
        requireNonNull(timeout, "timeout is null");
        if (timeout.toMillis() < 1) {
            throw new IllegalArgumentException("timeout must be at least 1 ms, was " + timeout);
        }
        this.timeout = timeout;
    }

    /**
     * Writes every move's new owner, transaction by transaction, and says how far it got: the
     * moves of committed transactions stay written when a later one fails.
     */
    @Override
    public Applied apply(Leadership leadership, List<Move> moves) throws InterruptedException {
        requireNonNull(leadership, "leadership is null");
        requireNonNull(moves, "moves is null");
        List<List<Move>> batches = batches(moves, maxOps);
        List<Move> written = new ArrayList<>();
        long revision = 0;
        int committed = 0;
        for (List<Move> batch : batches) {
            List<Op> puts = new ArrayList<>(batch.size());
            for (Move m : batch) {
                if (m.to() == null) {
                    throw new IllegalArgumentException("the monitor never clears an owner, but got " + m);
                }
                puts.add(Op.put(bytes(keyspace.assignKey(m.bucket())), bytes(m.to()), PutOption.DEFAULT));
            }
            TxnResponse response;
            try {
                response = kv.txn().If(leadership.guard()).Then(puts.toArray(Op[]::new)).commit()
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                return failed(written, revision, committed, "etcd failed the write of " + batch.size() + " keys"
                        + progress(committed, batches.size()) + ": " + e.getCause(), false);
            } catch (TimeoutException e) {
                return failed(written, revision, committed, "etcd did not answer the write of " + batch.size()
                        + " keys within " + timeout + progress(committed, batches.size()), false);
            }
            if (!response.isSucceeded()) {
                return failed(written, revision, committed, "etcd refused the write: election key of " + leadership
                        + " is gone" + progress(committed, batches.size()), true);
            }
            revision = response.getHeader().getRevision();
            committed++;
            written.addAll(batch);
        }
        return Applied.all(written, revision, committed);
    }

    private static Applied failed(List<Move> written, long revision, int committed, String error,
            boolean leadershipLost) {
        return new Applied(written, revision, committed, java.util.Optional.of(error), leadershipLost);
    }

    static List<List<Move>> batches(List<Move> moves, int size) {
        List<List<Move>> batches = new ArrayList<>();
        for (int i = 0; i < moves.size(); i += size) {
            batches.add(List.copyOf(moves.subList(i, Math.min(moves.size(), i + size))));
        }
        return batches;
    }

    private static String progress(int committed, int total) {
        return committed == 0 ? "" : " (after " + committed + " of " + total + " transactions)";
    }
}
