package org.dtablecluster.monitor;

import static java.util.Objects.requireNonNull;

import io.etcd.jetcd.Lease;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.dtablecluster.concurrent.EventLoop;
import org.dtablecluster.etcd.EtcdLease;
import org.dtablecluster.etcd.Failures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Election leases a term could not revoke because etcd was down. etcd restores leases after a
 * restart, so our old key would stand in front of our own new campaign (and everyone else's)
 * until it expired: they are revoked again before the next campaign. Loop only.
 */
final class LeaseLeftovers {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseLeftovers.class);

    private final Lease client;
    private final EventLoop loop;
    private final Duration timeout;
    private final String log;
    private final Set<Long> unrevoked = new LinkedHashSet<>();

    LeaseLeftovers(Lease client, EventLoop loop, Duration timeout, String log) {
        this.client = requireNonNull(client, "client is null");
        this.loop = requireNonNull(loop, "loop is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.log = requireNonNull(log, "log is null");
    }

    /** Revokes {@code old} now; remembers it when that fails. */
    void revoke(EtcdLease old) {
        old.revoke(timeout).whenCompleteAsync((r, e) -> {
            if (e != null) {
                LOG.debug("{} revoking {} failed; trying again before the next campaign: {}", log, old,
                        Failures.describe(e));
                unrevoked.add(old.id());
            }
        }, loop);
    }

    /** Revokes {@code lease} and waits, as a graceful stop does; a failure is logged, the lease expires. */
    void revokeNow(EtcdLease lease, Duration wait) {
        try {
            lease.revoke(wait).get();
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.info("{} could not revoke election {}; it expires within {} s", log, lease, lease.ttlSeconds());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Revokes every remembered lease; completes (never exceptionally) once each was tried. */
    CompletableFuture<Void> revokeAll() {
        List<CompletableFuture<Void>> revokes = new ArrayList<>();
        for (long id : List.copyOf(unrevoked)) {
            revokes.add(EtcdLease.revoke(client, id, timeout).handleAsync((r, e) -> {
                if (e == null) {
                    unrevoked.remove(id);
                    LOG.info("{} revoked election lease {} left over from an earlier term", log, Long.toHexString(id));
                }
                return null;
            }, loop));
        }
        return CompletableFuture.allOf(revokes.toArray(CompletableFuture[]::new));
    }
}
