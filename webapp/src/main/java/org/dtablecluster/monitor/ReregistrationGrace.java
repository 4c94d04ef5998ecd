package org.dtablecluster.monitor;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.dtablecluster.view.ClusterSnapshot;
import org.dtablecluster.view.NodeEntry;

/**
 * How long the leader keeps buckets with an owner that is not live, because that owner may only
 * be waiting to register again. Pure bookkeeping: time and snapshots are passed in.
 *
 * <p>A grace begins
 * <ul>
 *   <li>when this instance gains leadership ({@link #begin}): the nodes named in assign keys may
 *       be missing only because they have not registered yet after a restart of everything;
 *       it ends early as soon as every named node is live;
 *   <li>when the view is back in sync after an etcd outage ({@link #beginAfterOutage}): here a
 *       live-looking node proves nothing, since etcd restores leases with their TTL after a
 *       restart and a node whose keepAlive died during the outage stays visible until that
 *       lease runs out. So this grace ends early only when every named node has registered
 *       <em>since</em> the outage (a registration with a higher mod revision than the view had
 *       when it came back), otherwise at its deadline.
 * </ul>
 * Beginning again extends the deadline; the stricter early-end rule of an outage stays in force
 * until the grace ends. While a grace runs, {@link #held} names the owners whose buckets keep
 * their key; buckets with no key at all are not held (a fresh cluster gets assigned at once).
 * Outside a grace nothing is held, so a node that stops while etcd and the view are fine has its
 * buckets moved at once.
 */
final class ReregistrationGrace {

    private final Duration length;
    private Instant deadline;
    // registrations at or below this revision predate the outage; 0 when no outage is involved
    private long reregisteredAfter;

    ReregistrationGrace(Duration length) {
        requireNonNull(length, "length is null");
        if (length.isNegative()) {
            throw new IllegalArgumentException("grace must be >= 0, was " + length);
        }
        this.length = length;
    }

    /** Leadership gained at {@code now}; returns the deadline, empty when the grace is off. */
    Optional<Instant> begin(Instant now) {
        extendTo(now.plus(length));
        return deadline();
    }

    /** The view is in sync again at {@code now}, having read etcd up to {@code revision}. */
    Optional<Instant> beginAfterOutage(Instant now, long revision) {
        if (extendTo(now.plus(length))) {
            reregisteredAfter = Math.max(reregisteredAfter, revision);
        }
        return deadline();
    }

    /** Ends the grace, as when leadership is lost and a new term will begin its own. */
    void end() {
        deadline = null;
        reregisteredAfter = 0;
    }

    Optional<Instant> deadline() {
        return Optional.ofNullable(deadline);
    }

    boolean isActive() {
        return deadline != null;
    }

    /**
     * The owners in {@code snapshot} whose buckets must keep their owner now. Ends the grace
     * first when its deadline has passed or every named node is back.
     */
    Set<String> held(ClusterSnapshot snapshot, Instant now) {
        if (deadline == null) {
            return Set.of();
        }
        if (!now.isBefore(deadline)) {
            end();
            return Set.of();
        }
        Set<String> named = new TreeSet<>(snapshot.assignment().bucketCounts().keySet());
        boolean allBack = named.stream().allMatch(id -> isBack(snapshot.liveNodes().get(id)));
        if (allBack) {
            end();
            return Set.of();
        }
        named.removeAll(snapshot.liveNodes().keySet());
        return Set.copyOf(named);
    }

    private boolean isBack(NodeEntry node) {
        return node != null && node.modRevision() > reregisteredAfter;
    }

    private boolean extendTo(Instant newDeadline) {
        if (length.isZero()) {
            return false;
        }
        if (deadline == null || newDeadline.isAfter(deadline)) {
            deadline = newDeadline;
        }
        return true;
    }
}
