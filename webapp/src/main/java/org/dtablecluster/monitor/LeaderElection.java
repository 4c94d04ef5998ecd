package org.dtablecluster.monitor;

import static java.util.Objects.requireNonNull;
import static org.dtablecluster.etcd.EtcdClients.bytes;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.election.CampaignResponse;
import io.etcd.jetcd.election.LeaderKey;
import io.etcd.jetcd.kv.GetResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.dtablecluster.concurrent.EventLoop;
import org.dtablecluster.etcd.EtcdLease;
import org.dtablecluster.etcd.Failures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's part in the monitors' election: it campaigns through etcd's election API on a
 * lease of its own and tells its {@link Listener} when it gains or loses leadership.
 *
 * <p>One term: grant a lease of {@code ttl}, keep it alive, campaign with it (etcd answers
 * when every older candidate is gone), confirm the election key still exists, watch it. The
 * term ends at once when
 * <ul>
 *   <li>its {@link EtcdLease} is lost: etcd no longer knows it, or no keep-alive was acknowledged
 *       for a TTL (a keep-alive that merely fails, as when one etcd member restarts, is not);
 *   <li>the watch sees the election key deleted (lease expired or revoked from outside);
 *   <li>the owner reports, through {@link #relinquish}, that etcd refused a guarded write.
 * </ul>
 * Then the lease is revoked, so that others need not wait for it to expire (if etcd is down,
 * again before the next campaign: etcd restores leases on restart), and a new term starts with a
 * new lease, after a backoff of 100 ms doubling to 1 s while etcd fails.
 *
 * <p>Threads: every state change runs on the owner's {@link EventLoop}; jetcd callbacks
 * only hand work to it, so none of them ever blocks. Each term has an epoch number, and a
 * callback of an older term is ignored (a campaign that wins after its term ended resigns).
 */
final class LeaderElection implements AutoCloseable {

    /** Called on the owner's loop. */
    interface Listener {
        void elected(Leadership leadership);

        void lost(Leadership leadership, String reason);
    }

    private static final Logger LOG = LoggerFactory.getLogger(LeaderElection.class);
    private static final Duration REVERIFY = Duration.ofMillis(200);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);
    // jetcd retries a failing call internally with growing delays; an attempt begun during an
    // outage would keep backing off after etcd is back. Cap it, so the loop starts a fresh one.
    private static final long CALL_TIMEOUT_MILLIS = 2000;

    private final Client client;
    private final ByteSequence name;
    private final String proposal;
    private final long ttlSeconds;
    private final EventLoop onLoop;
    private final Listener listener;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final String log;
    private final boolean watchKey;
    private final LeaseLeftovers leftovers;
    private final ElectionKeyWatch keyWatch;

    private volatile Leadership current;
    private volatile String lastLoss;
    private volatile boolean closed;

    // confined to the loop
    private long epoch;
    private EtcdLease lease;
    private final RetryDelay retry = new RetryDelay();

    /**
     * @param electionName the election's name in etcd (already prefixed)
     * @param proposal this instance's id and admin URL, stored as the election key's value
     * @param ttl the lease's TTL; whole seconds, rounded up
     * @param loop the owner's loop
     * @param nanoTime the monotonic clock the lease counts with
     * @param watchKey false only in tests that show the write guard alone stops a leader that
     *     has not noticed its key is gone
     */
    LeaderElection(Client client, String electionName, LeaderInfo proposal, Duration ttl,
            EventLoop loop, Listener listener, Clock clock, LongSupplier nanoTime, boolean watchKey) {
        this.watchKey = watchKey;
        this.client = requireNonNull(client, "client is null");
        this.name = bytes(requireNonNull(electionName, "electionName is null"));
        this.proposal = requireNonNull(proposal, "proposal is null").encode();
        this.ttlSeconds = Math.max(1, (requireNonNull(ttl, "ttl is null").toMillis() + 999) / 1000);
        this.onLoop = requireNonNull(loop, "loop is null");
        this.listener = requireNonNull(listener, "listener is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.nanoTime = requireNonNull(nanoTime, "nanoTime is null");
        this.log = "[monitor=" + proposal.id() + "]";
        this.leftovers = new LeaseLeftovers(client.getLeaseClient(), loop, Duration.ofMillis(CALL_TIMEOUT_MILLIS), log);
        this.keyWatch = new ElectionKeyWatch(client, loop, log);
    }

    void start() {
        onLoop.execute(this::campaign);
    }

    boolean isLeader() {
        return current != null;
    }

    Optional<Leadership> current() {
        return Optional.ofNullable(current);
    }

    /** Why leadership ended last time, if it ever did. */
    Optional<String> lastLoss() {
        return Optional.ofNullable(lastLoss);
    }

    /** Ends {@code leadership} because etcd refused a write guarded by it. Loop only. */
    void relinquish(Leadership leadership, String reason) {
        if (leadership != null && leadership == current) {
            lose(epoch, reason);
        }
    }

    /** Ends the term and revokes the lease, so another instance takes over at once. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Runnable shutdown = () -> {
            epoch++;
            Leadership was = current;
            current = null;
            keyWatch.close();
            if (lease != null) {
                leftovers.revokeNow(lease, CLOSE_TIMEOUT);
                lease = null;
            }
            if (was != null) {
                LOG.info("{} resigned leadership ({})", log, was);
            }
        };
        try {
            onLoop.runAndWait("end the election", shutdown, CLOSE_TIMEOUT.plusSeconds(1));
        } catch (IllegalStateException e) {
            LOG.debug("{} election shut down incompletely: {}", log, e.getMessage());
        }
    }

    // ---- one term, step by step, on the loop ----------------------------------------------

    private void campaign() {
        if (closed) {
            return;
        }
        long term = ++epoch;
        leftovers.revokeAll().whenCompleteAsync((ignored, error) -> grant(term), onLoop);
    }

    private void grant(long term) {
        if (term != epoch || closed) {
            return;
        }
        // a grant that times out here but succeeds later leaks a lease without keys: it expires
        EtcdLease.grant(client.getLeaseClient(), ttlSeconds, onLoop, nanoTime, clock)
                .orTimeout(CALL_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                .whenCompleteAsync((granted, error) -> onGranted(term, granted, error), onLoop);
    }

    private void onGranted(long term, EtcdLease granted, Throwable error) {
        if (term != epoch || closed) {
            if (granted != null) {
                leftovers.revoke(granted);
            }
            return;
        }
        if (error != null) {
            retryLater(term, "granting an election lease failed", error);
            return;
        }
        lease = granted;
        lease.keepAlive((l, reason) -> lose(term, "election " + l + " lost: " + reason));
        LOG.debug("{} campaigning with {}", log, lease);
        client.getElectionClient().campaign(name, lease.id(), bytes(proposal))
                .whenCompleteAsync((won, e) -> onCampaigned(term, won, e), onLoop);
    }

    private void onCampaigned(long term, CampaignResponse won, Throwable error) {
        if (term != epoch || closed) {
            if (won != null) {
                // won for a term already given up: step aside rather than block the others
                client.getElectionClient().resign(won.getLeader());
            }
            return;
        }
        if (error != null) {
            retryLater(term, "campaign failed", error);
            return;
        }
        verify(term, won.getLeader(), true);
    }

    // etcd's campaign can return although our key went away while it waited; and after a watch
    // error it is the only way to know whether the key survived. Confirm, then watch from there.
    private void verify(long term, LeaderKey key, boolean newTerm) {
        client.getKVClient().get(key.getKey())
                .whenCompleteAsync((read, error) -> onVerified(term, key, newTerm, read, error), onLoop);
    }

    private void onVerified(long term, LeaderKey key, boolean newTerm, GetResponse read, Throwable error) {
        if (term != epoch || closed) {
            return;
        }
        if (error != null) {
            if (newTerm) {
                retryLater(term, "confirming the election key failed", error);
            } else {
                reverifyLater(term, key);
            }
            return;
        }
        KeyValue kv = read.getKvs().isEmpty() ? null : read.getKvs().get(0);
        if (kv == null || kv.getCreateRevision() != key.getRevision()) {
            if (newTerm) {
                retryLater(term, "the campaign returned but our election key is gone", null);
            } else {
                lose(term, "our election key is gone");
            }
            return;
        }
        watch(term, key, read.getHeader().getRevision() + 1);
        if (newTerm) {
            retry.reset();
            current = new Leadership(key.getKey(), key.getRevision(), lease.id(), clock.instant());
            LOG.info("{} elected leader ({})", log, current);
            listener.elected(current);
        }
    }

    private void watch(long term, LeaderKey key, long fromRevision) {
        keyWatch.close();
        if (watchKey) {
            keyWatch.watch(key.getKey(), fromRevision, rev -> lose(term, "etcd deleted our election key at rev=" + rev),
                    () -> reverifyLater(term, key));
        }
    }

    private void lose(long term, String reason) {
        endTerm(term, reason, false);
    }

    private void retryLater(long term, String what, Throwable error) {
        endTerm(term, error == null ? what : what + ": " + Failures.describe(error), true);
    }

    // Ends the term: late callbacks of it are ignored from now on, its lease is revoked, and a
    // new campaign follows after a backoff. An etcd failure is logged once per outage.
    private void endTerm(long term, String why, boolean failure) {
        if (term != epoch || closed) {
            return;
        }
        epoch++;
        Leadership was = current;
        current = null;
        keyWatch.close();
        if (lease != null) {
            leftovers.revoke(lease);
            lease = null;
        }
        if (was != null) {
            lastLoss = why;
            LOG.warn("{} lost leadership ({}): {}; campaigning again", log, was, why);
            listener.lost(was, why);
        } else if (!failure) {
            LOG.info("{} candidacy ended: {}; campaigning again", log, why);
        } else if (retry.firstFailure()) {
            LOG.warn("{} {}; retrying", log, why);
        } else {
            LOG.debug("{} {}; retrying", log, why);
        }
        onLoop.schedule(this::campaign, retry.next());
    }

    // etcd unreachable, or our watch ended: whether the key survived is for a read to say
    private void reverifyLater(long term, LeaderKey key) {
        onLoop.schedule(() -> {
            if (term == epoch && !closed) {
                verify(term, key, false);
            }
        }, REVERIFY);
    }
}
