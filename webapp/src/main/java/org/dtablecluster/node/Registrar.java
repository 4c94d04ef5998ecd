package org.dtablecluster.node;

import static java.util.Objects.requireNonNull;
import static org.dtablecluster.etcd.EtcdClients.bytes;
import static org.dtablecluster.etcd.EtcdClients.string;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.LeaseOption;
import io.etcd.jetcd.options.PutOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.dtablecluster.concurrent.EventLoop;
import org.dtablecluster.etcd.EtcdLease;
import org.dtablecluster.etcd.Failures;
import org.dtablecluster.etcd.NodeRegistration;

/**
 * The etcd side of one node's registration. Every call blocks, bounded by a timeout, so it must
 * run on the agent's own thread, never on a jetcd callback thread.
 *
 * <p>Registering is create-if-absent in one transaction, so of two processes starting with the
 * same node id at once exactly one wins. A key that already exists is replaced only when its
 * {@code instance} field is ours (our own registration, left behind when our keepAlive stopped),
 * and then only by compare-and-swap on its mod revision.
 */
final class Registrar {

    /** A registration that took: the key is on {@code lease} since {@code revision}. */
    record Registered(EtcdLease lease, long revision, boolean replacedOwn) {
        long leaseId() {
            return lease.id();
        }
    }

    /** Compare-and-swap rounds before giving up when the key keeps changing under us. */
    private static final int CAS_ROUNDS = 3;

    private final Client client;
    private final String nodeId;
    private final String key;
    private final ByteSequence keyBytes;
    private volatile String instance;  // replaced only by an adoption, before the first registration
    private final long ttlSeconds;
    private final Duration timeout;
    private final EventLoop loop;
    private final LongSupplier nanoTime;
    private final Clock clock;

    Registrar(Client client, String nodeId, String key, String instance, long ttlSeconds, Duration timeout,
            EventLoop loop, LongSupplier nanoTime, Clock clock) {
        this.loop = requireNonNull(loop, "loop is null");
        this.nanoTime = requireNonNull(nanoTime, "nanoTime is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.client = requireNonNull(client, "client is null");
        this.nodeId = requireNonNull(nodeId, "nodeId is null");
        this.key = requireNonNull(key, "key is null");
        this.keyBytes = bytes(key);
        this.instance = requireNonNull(instance, "instance is null");
        this.ttlSeconds = ttlSeconds;
        this.timeout = requireNonNull(timeout, "timeout is null");
    }

    /**
     * Grants a lease and puts {@code json} under it.
     *
     * @throws NodeIdTakenException when another instance's registration is there
     * @throws Exception when etcd cannot be reached or fails; nothing is left behind then
     *     except, at worst, a lease that expires within the TTL
     */
    Registered register(String json) throws Exception {
        EtcdLease lease = await(EtcdLease.grant(client.getLeaseClient(), ttlSeconds, loop, nanoTime, clock));
        try {
            return put(json, lease);
        } catch (Exception | Error e) {
            revokeQuietly(lease.id());
            throw e;
        }
    }

    private Registered put(String json, EtcdLease lease) throws Exception {
        PutOption onLease = PutOption.builder().withLeaseId(lease.id()).build();
        TxnResponse created = await(client.getKVClient().txn()
                .If(new Cmp(keyBytes, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
                .Then(Op.put(keyBytes, bytes(json), onLease))
                .Else(Op.get(keyBytes, GetOption.DEFAULT))
                .commit());
        if (created.isSucceeded()) {
            return new Registered(lease, created.getHeader().getRevision(), false);
        }
        KeyValue existing = only(created);
        for (int round = 0; round < CAS_ROUNDS && existing != null; round++) {
            if (!isOurs(existing)) {
                throw taken(existing);
            }
            TxnResponse swapped = await(client.getKVClient().txn()
                    .If(new Cmp(keyBytes, Cmp.Op.EQUAL, CmpTarget.modRevision(existing.getModRevision())))
                    .Then(Op.put(keyBytes, bytes(json), onLease))
                    .Else(Op.get(keyBytes, GetOption.DEFAULT))
                    .commit());
            if (swapped.isSucceeded()) {
                return new Registered(lease, swapped.getHeader().getRevision(), true);
            }
            existing = only(swapped);
        }
        // deleted or changed between our reads: the caller retries from the start
        throw new IllegalStateException("key '" + key + "' kept changing while registering");
    }

    /**
     * Takes back the registration an earlier process of ours left behind (a crash restart): when
     * the key holds {@code saved}'s instance on {@code saved}'s lease and etcd still knows that
     * lease, the lease is adopted, this registrar becomes that instance, and the key gets
     * {@code json.apply(instance)} on the same lease, by compare-and-swap. Empty when any of that
     * does not hold; the caller then registers as usual.
     */
    java.util.Optional<Registered> adopt(NodeStateFile.Saved saved, java.util.function.Function<String, String> json)
            throws Exception {
        KeyValue existing = only(await(client.getKVClient().txn().Then(Op.get(keyBytes, GetOption.DEFAULT)).commit()));
        if (existing == null || existing.getLease() != saved.leaseId()
                || !saved.instance().equals(fields(existing).get(InstanceId.FIELD))) {
            return java.util.Optional.empty();
        }
        EtcdLease lease;
        try {
            lease = await(EtcdLease.adopt(client.getLeaseClient(), saved.leaseId(), loop, nanoTime, clock));
        } catch (IllegalStateException e) {
            return java.util.Optional.empty();
        }
        TxnResponse swapped = await(client.getKVClient().txn()
                .If(new Cmp(keyBytes, Cmp.Op.EQUAL, CmpTarget.modRevision(existing.getModRevision())))
                .Then(Op.put(keyBytes, bytes(json.apply(saved.instance())),
                        PutOption.builder().withLeaseId(lease.id()).build()))
                .commit());
        if (!swapped.isSucceeded()) {
            return java.util.Optional.empty();
        }
        instance = saved.instance();
        return java.util.Optional.of(new Registered(lease, swapped.getHeader().getRevision(), true));
    }

    /** The {@code instance} this registrar registers as. */
    String instance() {
        return instance;
    }

    /** Revokes {@code lease}, deleting every key on it; a lease already gone counts as revoked. */
    void revoke(long lease) throws Exception {
        await(EtcdLease.revoke(client.getLeaseClient(), lease, timeout));
    }

    /** As {@link #revoke}, for clean-up where a failure changes nothing: the lease expires anyway. */
    boolean revokeQuietly(long lease) {
        try {
            revoke(lease);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private boolean isOurs(KeyValue kv) {
        return instance.equals(fields(kv).get(InstanceId.FIELD));
    }

    private NodeIdTakenException taken(KeyValue kv) {
        Map<String, String> fields = fields(kv);
        StringBuilder holder = new StringBuilder();
        for (String name : List.of(InstanceId.FIELD, NodeRegistration.STARTED_AT, NodeRegistration.VERSION,
                NodeRegistration.LOCAL_NODE_URL, NodeRegistration.NODE_URL)) {
            holder.append(name).append('=').append(fields.getOrDefault(name, "?")).append(", ");
        }
        if (!fields.containsKey(InstanceId.FIELD)) {
            holder.append("value=").append(shorten(string(kv.getValue()))).append(", ");
        }
        String expiry;
        if (kv.getLease() == 0) {
            holder.append("no lease");
            expiry = "note the key has no lease and will never expire on its own";
        } else {
            String lease = Long.toHexString(kv.getLease());
            long left = remainingTtl(kv.getLease());
            holder.append("lease ").append(lease).append(left >= 0 ? " with " + left + " s left" : "");
            expiry = "or wait for its lease to expire (etcdctl lease timetolive " + lease
                    + "; within its TTL once that process stops renewing it)";
        }
        return new NodeIdTakenException(nodeId, key, holder.toString(), fields.get(InstanceId.FIELD), expiry);
    }

    /** Seconds left on another's lease, for the message; -1 when etcd will not say. */
    private long remainingTtl(long lease) {
        try {
            return await(client.getLeaseClient().timeToLive(lease, LeaseOption.DEFAULT)).getTTL();
        } catch (Exception e) {
            return -1;
        }
    }

    /** Every field of the registration, URLs included; empty when the value is not a registration at all. */
    private Map<String, String> fields(KeyValue kv) {
        try {
            return NodeRegistration.parse(nodeId, string(kv.getValue())).toEntry(kv.getModRevision()).attributes();
        } catch (IllegalArgumentException e) {
            return Map.of();
        }
    }

    private static KeyValue only(TxnResponse response) {
        List<KeyValue> kvs = response.getGetResponses().isEmpty()
                ? List.of() : response.getGetResponses().get(0).getKvs();
        return kvs.isEmpty() ? null : kvs.get(0);
    }

    private static String shorten(String s) {
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }

    private <T> T await(CompletableFuture<T> future) throws Exception {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new TimeoutException("etcd did not answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw Failures.unwrap(e) instanceof Exception cause ? cause : e;
        }
    }
}
