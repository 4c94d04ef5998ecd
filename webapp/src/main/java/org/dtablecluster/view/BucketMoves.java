package org.dtablecluster.view;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dtablecluster.spi.Assignment;

/**
 * The buckets in handoff, with the answers of their old and new owners: the handoff part of one
 * snapshot. Immutable; built once per snapshot, read by the proxy on every request.
 */
public final class BucketMoves {

    private static final BucketMoves NONE = new Builder().build();

    private final Handoff[] handoffs;
    private final HandoffAck[] released;
    private final HandoffAck[] accepted;
    private final List<Handoff> open;

    private BucketMoves(Handoff[] handoffs, HandoffAck[] released, HandoffAck[] accepted) {
        this.handoffs = handoffs;
        this.released = released;
        this.accepted = accepted;
        List<Handoff> list = new ArrayList<>();
        for (Handoff h : handoffs) {
            if (h != null) {
                list.add(h);
            }
        }
        this.open = List.copyOf(list);
    }

    /** No bucket is moving. */
    public static BucketMoves none() {
        return NONE;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The open handoff of {@code bucket}, or {@code null} when it is not moving. */
    public Handoff handoff(int bucket) {
        return handoffs[bucket];
    }

    public boolean moving(int bucket) {
        return handoffs[bucket] != null;
    }

    /** True when the old owner has released the bucket for its current handoff. */
    public boolean released(int bucket) {
        Handoff h = handoffs[bucket];
        return h != null && released[bucket] != null && released[bucket].answers(h, h.from());
    }

    /** True when the new owner serves the bucket for its current handoff. */
    public boolean accepted(int bucket) {
        Handoff h = handoffs[bucket];
        return h != null && accepted[bucket] != null && accepted[bucket].answers(h, h.to());
    }

    /** The release key as read, matching the current handoff or not; {@code null} when absent. */
    public HandoffAck releaseKey(int bucket) {
        return released[bucket];
    }

    /** The acceptance key as read, matching the current handoff or not; {@code null} when absent. */
    public HandoffAck acceptKey(int bucket) {
        return accepted[bucket];
    }

    /** Open handoffs by ascending bucket. */
    public List<Handoff> open() {
        return open;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BucketMoves m && Arrays.equals(handoffs, m.handoffs) && Arrays.equals(released, m.released)
                && Arrays.equals(accepted, m.accepted);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(handoffs) * 31 + Arrays.hashCode(released);
    }

    @Override
    public String toString() {
        return "BucketMoves" + open;
    }

    /** Not thread-safe; the view's thread builds one per snapshot. */
    public static final class Builder {
        private final Handoff[] handoffs;
        private final HandoffAck[] released;
        private final HandoffAck[] accepted;

        private Builder() {
            handoffs = new Handoff[Assignment.BUCKETS];
            released = new HandoffAck[Assignment.BUCKETS];
            accepted = new HandoffAck[Assignment.BUCKETS];
        }

        private Builder(BucketMoves from) {
            handoffs = from.handoffs.clone();
            released = from.released.clone();
            accepted = from.accepted.clone();
        }

        /** Sets or, with {@code null}, clears the handoff of its bucket. */
        public Builder handoff(int bucket, Handoff handoff) {
            if (handoff != null && handoff.bucket() != bucket) {
                throw new IllegalArgumentException(handoff + " is not for bucket " + bucket);
            }
            handoffs[bucket] = handoff;
            return this;
        }

        public Builder released(int bucket, HandoffAck ack) {
            released[bucket] = ack;
            return this;
        }

        public Builder accepted(int bucket, HandoffAck ack) {
            accepted[bucket] = ack;
            return this;
        }

        public BucketMoves build() {
            return new BucketMoves(handoffs.clone(), released.clone(), accepted.clone());
        }
    }
}
