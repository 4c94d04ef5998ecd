package org.dtablecluster.etcd;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.dtablecluster.etcd.Keyspace.MoveKey;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.view.BucketMoves;
import org.dtablecluster.view.Handoff;
import org.dtablecluster.view.HandoffAck;

/**
 * The handoff, released and accepted keys behind {@link ViewState}: what each bucket's keys say
 * now, as {@link BucketMoves} once per snapshot. A value that is not what {@link HandoffValues}
 * writes counts as absent. Not thread-safe: the view's thread owns it.
 */
final class ViewMoves {

    private final Handoff[] handoffs = new Handoff[Assignment.BUCKETS];
    private final HandoffAck[] released = new HandoffAck[Assignment.BUCKETS];
    private final HandoffAck[] accepted = new HandoffAck[Assignment.BUCKETS];
    private BucketMoves built = BucketMoves.none();
    private boolean dirty;

    /** Forgets everything, before a full read. */
    void clear() {
        Arrays.fill(handoffs, null);
        Arrays.fill(released, null);
        Arrays.fill(accepted, null);
        dirty = true;
    }

    /** What storing one key did; a malformed value clears the key. */
    record Stored(boolean changed, boolean malformed) {
    }

    /** Stores one key's value ({@code null}: deleted). */
    Stored store(MoveKey key, String value, long modRevision) {
        int b = key.bucket();
        byte[] bytes = value == null ? null : value.getBytes(StandardCharsets.UTF_8);
        Object old;
        Object now;
        switch (key.kind()) {
            case HANDOFF -> {
                old = handoffs[b];
                handoffs[b] = bytes == null ? null : HandoffValues.readHandoff(b, bytes, modRevision).orElse(null);
                now = handoffs[b];
            }
            case RELEASED -> {
                old = released[b];
                released[b] = ack(bytes);
                now = released[b];
            }
            case ACCEPTED -> {
                old = accepted[b];
                accepted[b] = ack(bytes);
                now = accepted[b];
            }
            default -> throw new IllegalStateException("unknown kind " + key.kind());
        }
        boolean changed = !Objects.equals(old, now);
        dirty |= changed;
        return new Stored(changed, bytes != null && now == null);
    }

    /** The keys as they stand; the same instance until something changes. */
    BucketMoves moves() {
        if (dirty) {
            BucketMoves.Builder b = BucketMoves.builder();
            for (int i = 0; i < Assignment.BUCKETS; i++) {
                b.handoff(i, handoffs[i]).released(i, released[i]).accepted(i, accepted[i]);
            }
            built = b.build();
            dirty = false;
        }
        return built;
    }

    private static HandoffAck ack(byte[] bytes) {
        return bytes == null ? null : HandoffValues.readAck(bytes).orElse(null);
    }
}
