package org.dtablecluster.node;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Function;
import java.util.function.BooleanSupplier;
import org.dtablecluster.concurrent.EventLoop;
import org.dtablecluster.etcd.EtcdLease;
import org.dtablecluster.etcd.Failures;
import org.dtablecluster.view.ClusterSnapshot;
import org.dtablecluster.view.NodeEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a node's registration in etcd whenever the agent wants it there: registers, has its
 * {@link EtcdLease} renewed, re-registers when the registration is lost, and revokes it when no
 * longer wanted.
 *
 * <p>Lost means either: the lease is lost (see {@link EtcdLease}: etcd no longer knows it, or no
 * keep-alive was acknowledged for a TTL), or the view shows our key deleted or overwritten while
 * the lease lives on. Each is answered the same way: forget the lease, grant a new one and
 * register again at once, then with backoff. The old lease may outlive an etcd restart still
 * holding our key, which {@link Registrar} then replaces because it carries our instance id.
 *
 * <p>Runs on the agent's loop only; jetcd callbacks are handed to it.
 */
final class RegistrationKeeper {

    /** Hears, on the loop, when the key is on a lease of ours and when it no longer is. */
    interface Listener {
        void registered(EtcdLease lease, long revision, boolean adopted);

        void unregistered(String reason);
    }

    private static final Logger LOG = LoggerFactory.getLogger(RegistrationKeeper.class);

    private final Registrar registrar;
    private final EventLoop loop;
    private final Backoff backoff;
    private final LastError errors;
    private final BooleanSupplier wanted;
    private final String nodeId;
    private final long ttlSeconds;
    private final Listener listener;

    private Function<String, String> json;
    private volatile EtcdLease lease;  // written on the loop, read anywhere
    private long leaseId;
    private long registeredRevision;
    private long grants;
    private ScheduledFuture<?> retry;
    private boolean conflictLogged;
    private boolean closed;
    private final Set<Long> staleLeases = new LinkedHashSet<>();

    /**
     * @param wanted whether the agent wants to be registered now (not left, not unhealthy)
     */
    RegistrationKeeper(Registrar registrar, EventLoop loop, Backoff backoff, LastError errors,
            BooleanSupplier wanted, String nodeId, long ttlSeconds, Listener listener) {
        this.registrar = requireNonNull(registrar, "registrar is null");
        this.loop = requireNonNull(loop, "loop is null");
        this.backoff = requireNonNull(backoff, "backoff is null");
        this.errors = requireNonNull(errors, "errors is null");
        this.wanted = requireNonNull(wanted, "wanted is null");
        this.nodeId = requireNonNull(nodeId, "nodeId is null");
        this.ttlSeconds = ttlSeconds;
        this.listener = requireNonNull(listener, "listener is null");
    }

    /**
     * The first registration, at start: a conflict is thrown to the caller, which fails the start;
     * any other failure is retried in the background, and so is a key still held by this node's
     * previous process ({@code saved}) on a lease too close to its end to take back.
     * @throws NodeIdTakenException when another process holds the key
     */
    void start(Function<String, String> registrationJson, Optional<NodeStateFile.Saved> saved) {
        this.json = requireNonNull(registrationJson, "registrationJson is null");
        try {
            if (saved.isEmpty() || !adopt(saved.get())) {
                registerNow();
            }
        } catch (NodeIdTakenException e) {
            errors.record(e.getMessage());
            if (saved.isEmpty() || !saved.get().instance().equals(e.holderInstance())) {
                throw e;
            }
            LOG.warn("{} our key is still held by this node's previous process ({}) on a lease too close to its"
                    + " end to take back; registering once it has expired", context(0), e.holderInstance());
            scheduleRetry();
        } catch (Exception e) {
            errors.record("etcd unreachable at start: " + Failures.describe(e));
            Duration delay = scheduleRetry();
            LOG.warn("{} cannot register at start ({}); not failing the deployment: retrying in the background"
                    + " (next in {} ms) until etcd answers", context(0), Failures.describe(e), delay.toMillis());
        }
    }

    /** Registers or revokes so that etcd matches {@code wanted}; the one place that decides. */
    void reconcile(String reasonIfUnwanted) {
        if (closed) {
            return;
        }
        boolean want = wanted.getAsBoolean();
        if (want && leaseId == 0 && retry == null) {
            tryRegister();
        } else if (!want && leaseId != 0) {
            deregister(reasonIfUnwanted);
        } else if (!want) {
            cancelRetry();
        }
    }

    /**
     * Notices a registration deleted or replaced behind our back (say {@code etcdctl del}) while the lease
     * lives on, which keepAlive never reports; only snapshots at or after our own write count.
     */
    void check(ClusterSnapshot snapshot) {
        if (leaseId == 0 || snapshot.revision() < registeredRevision) {
            return;
        }
        NodeEntry entry = snapshot.liveNodes().get(nodeId);
        String holder = entry == null ? null : entry.attributes().get(InstanceId.FIELD);
        if (!registrar.instance().equals(holder)) {
            lost(leaseId, entry == null
                    ? "our key was deleted at rev=" + snapshot.revision()
                    : "our key was overwritten by instance " + holder + " at rev=" + entry.modRevision());
        }
    }

    /** Gives up the lease on our fencing deadline; registers again once etcd answers. */
    void fence(String reason) {
        lost(leaseId, reason);
    }

    /** Stops for good: revokes the lease so the registration is gone at once. */
    void close() {
        closed = true;
        cancelRetry();
        long id = leaseId;
        forgetLease("closed");
        if (id != 0) {
            try {
                registrar.revoke(id);
                LOG.info("{} lease revoked on shutdown: the registration is gone", context(id));
            } catch (Exception e) {
                LOG.warn("{} could not revoke the lease on shutdown ({}); the registration expires within {} s",
                        context(id), Failures.describe(e), ttlSeconds);
            }
        }
        staleLeases.forEach(registrar::revokeQuietly);
        staleLeases.clear();
    }

    long leaseId() {
        return leaseId;
    }

    long grants() {
        return grants;
    }
    /** When etcd last confirmed the current lease; {@code null} before the first time. */
    Instant lastKeepAliveAt() {
        EtcdLease l = lease;
        return l == null ? null : l.lastAckedAt();
    }
    /** The current lease, whose {@link EtcdLease#lastAckedSendNanos()} fencing counts from; null when unregistered. */
    EtcdLease lease() {
        return lease;
    }

    private void tryRegister() {
        try {
            registerNow();
        } catch (NodeIdTakenException e) {
            errors.record(e.getMessage());
            Duration delay = scheduleRetry();
            if (!conflictLogged) {
                conflictLogged = true;
                LOG.error("{} {}; not registering, checking again every {} ms or so", context(0), e.getMessage(),
                        delay.toMillis());
            }
        } catch (Exception e) {
            errors.record("registration failed: " + Failures.describe(e));
            int failures = backoff.failures();
            Duration delay = scheduleRetry();
            // an outage fails every attempt: say so now and then, not every few hundred ms
            if (failures % 20 == 0) {
                LOG.warn("{} registration failed ({}); retrying in {} ms", context(0), Failures.describe(e),
                        delay.toMillis());
            } else {
                LOG.debug("{} registration attempt {} failed ({})", context(0), failures + 1, Failures.describe(e));
            }
        }
    }

    /** True when the lease of an earlier process of ours was taken back; no-op otherwise. */
    private boolean adopt(NodeStateFile.Saved saved) throws Exception {
        Optional<Registrar.Registered> adopted = registrar.adopt(saved, json);
        if (adopted.isEmpty()) {
            LOG.info("{} the lease {} of instance {} cannot be taken back (gone, or the key is not on it any more);"
                    + " registering anew", context(0), Long.toHexString(saved.leaseId()), saved.instance());
            return false;
        }
        took(adopted.get(), true);
        LOG.info("{} took back the registration of instance {} after a restart", context(leaseId), saved.instance());
        return true;
    }

    private void registerNow() throws Exception {
        Registrar.Registered r = registrar.register(json.apply(registrar.instance()));
        int failures = backoff.failures();
        took(r, false);
        LOG.info("{} registered at rev={} with a {} s TTL{}{}", context(leaseId), r.revision(), ttlSeconds,
                r.replacedOwn() ? ", replacing our own earlier registration" : "",
                failures > 0 ? " after " + failures + " failed attempts" : "");
        // the key is on the new lease now, so the old ones can go; they would expire anyway
        staleLeases.removeIf(registrar::revokeQuietly);
    }

    private void took(Registrar.Registered r, boolean adopted) {
        cancelRetry();
        lease = r.lease();
        lease.keepAlive((l, reason) -> lost(l.id(), reason));
        leaseId = r.leaseId();
        registeredRevision = r.revision();
        grants++;
        backoff.reset();
        conflictLogged = false;
        listener.registered(lease, registeredRevision, adopted);
    }

    private void deregister(String reason) {
        cancelRetry();
        long id = leaseId;
        forgetLease(reason);
        try {
            registrar.revoke(id);
            LOG.info("{} revoked the lease, so the registration is gone at once: {}", context(id), reason);
        } catch (Exception e) {
            staleLeases.add(id);
            errors.record("could not revoke lease " + Long.toHexString(id) + ": " + Failures.describe(e));
            LOG.warn("{} could not revoke the lease ({}): {}; the registration expires within {} s as nobody"
                    + " renews it", context(id), reason, Failures.describe(e), ttlSeconds);
        }
    }

    /** Our registration is gone or no longer ours: forget the lease and register anew. */
    private void lost(long id, String reason) {
        if (id != leaseId || closed) {
            return;
        }
        forgetLease(reason);
        staleLeases.add(id);
        errors.record("lease " + Long.toHexString(id) + " lost: " + reason);
        LOG.warn("{} keepAlive lost: {}; re-granting a lease and registering again", context(id), reason);
        reconcile("registration lost");
    }

    private Duration scheduleRetry() {
        Duration delay = backoff.next();
        cancelRetry();
        retry = loop.schedule(() -> {
            retry = null;
            reconcile("not wanted any more");
        }, delay);
        return delay;
    }

    private void cancelRetry() {
        if (retry != null) {
            retry.cancel(false);
            retry = null;
        }
    }

    private void forgetLease(String reason) {
        boolean had = leaseId != 0;
        if (lease != null) {
            lease.stop();
            lease = null;
        }
        leaseId = 0;
        if (had) {
            listener.unregistered(reason);
        }
    }

    private String context(long lease) {
        return NodeAgent.context(nodeId, lease);
    }
}
