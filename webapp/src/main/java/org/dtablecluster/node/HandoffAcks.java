package org.dtablecluster.node;

import static java.util.Objects.requireNonNull;
import static org.dtablecluster.etcd.EtcdClients.bytes;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.PutOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.SortedSet;
import java.util.concurrent.TimeUnit;
import org.dtablecluster.concurrent.EventLoop;
import org.dtablecluster.etcd.Failures;
import org.dtablecluster.etcd.HandoffValues;
import org.dtablecluster.etcd.Keyspace;
import org.dtablecluster.view.BucketMoves;
import org.dtablecluster.view.Handoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the agent's answers to open handoffs: {@code released/xx} once its dtable-server confirmed
 * it no longer serves a bucket moving away, {@code accepted/xx} once it confirmed serving a bucket
 * moving in ({@link Ownership#releasesDue}, {@link Ownership#acceptsDue}). Each is one transaction
 * guarded on the handoff key's mod revision, put on the agent's lease (so it goes with the
 * registration). Idempotent: an answer already in flight is not sent twice, one the view does not
 * show yet is sent again on the next call, and a put of the same value changes nothing that matters.
 * Asynchronous: the loop never waits for etcd here. Loop only.
 */
final class HandoffAcks {

    private static final Logger LOG = LoggerFactory.getLogger(HandoffAcks.class);

    private final KV kv;
    private final Keyspace keyspace;
    private final String nodeId;
    private final Duration timeout;
    private final EventLoop loop;
    private final Set<String> inFlight = new HashSet<>();
    private long releasesWritten;
    private long acceptsWritten;

    HandoffAcks(KV kv, Keyspace keyspace, String nodeId, Duration timeout, EventLoop loop) {
        this.kv = requireNonNull(kv, "kv is null");
        this.keyspace = requireNonNull(keyspace, "keyspace is null");
        this.nodeId = requireNonNull(nodeId, "nodeId is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.loop = requireNonNull(loop, "loop is null");
    }

    /** Writes what {@code moves} and the server's {@code confirmed} set call for, on {@code leaseId}. */
    void write(BucketMoves moves, Set<String> live, SortedSet<Integer> confirmed, long leaseId, String logContext) {
        if (confirmed == null || leaseId == 0) {
            return;
        }
        for (Handoff h : Ownership.releasesDue(nodeId, moves, confirmed)) {
            put(h, true, leaseId, logContext);
        }
        for (Handoff h : Ownership.acceptsDue(nodeId, moves, live, confirmed)) {
            put(h, false, leaseId, logContext);
        }
    }

    long releasesWritten() {
        return releasesWritten;
    }

    long acceptsWritten() {
        return acceptsWritten;
    }

    private void put(Handoff h, boolean release, long leaseId, String logContext) {
        String key = release ? keyspace.releasedKey(h.bucket()) : keyspace.acceptedKey(h.bucket());
        String token = key + "@" + h.modRevision();
        if (!inFlight.add(token)) {
            return;
        }
        ByteSequence handoffKey = bytes(keyspace.handoffKey(h.bucket()));
        String what = release ? "released" : "accepted";
        String context = logContext.substring(0, logContext.length() - 1) + " bucket=" + h.hex() + " term="
                + h.term() + "]";
        kv.txn()
                .If(new Cmp(handoffKey, Cmp.Op.EQUAL, CmpTarget.modRevision(h.modRevision())))
                .Then(Op.put(bytes(key), ByteSequence.from(HandoffValues.ack(nodeId, h.modRevision())),
                        PutOption.builder().withLeaseId(leaseId).build()))
                .commit()
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenCompleteAsync((response, error) -> {
                    inFlight.remove(token);
                    if (error != null) {
                        LOG.warn("{} writing {} failed ({}); written again on the next confirmation", context, what,
                                Failures.describe(error));
                    } else if (response.isSucceeded()) {
                        if (release) {
                            releasesWritten++;
                        } else {
                            acceptsWritten++;
                        }
                        LOG.info("{} {} {}->{} (handoff rev={})", context, what, h.from(), h.to(), h.modRevision());
                    } else {
                        LOG.info("{} not writing {}: the handoff changed since rev={} (cancelled or done)", context,
                                what, h.modRevision());
                    }
                }, loop);
    }
}
