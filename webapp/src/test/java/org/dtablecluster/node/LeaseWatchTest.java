package org.dtablecluster.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The agent's timed decisions from an injected monotonic clock: renew on a newer ack, fence at TTL - margin. */
class LeaseWatchTest {

    private static final long S = 1_000_000_000L;
    private static final long T0 = 7_000 * S;   // any origin: nanoTime is not epoch-based
    private final LeaseWatch watch = new LeaseWatch(new FencingDeadline(Duration.ofSeconds(10), Duration.ofSeconds(2)));

    @Test
    void nothingHappensWithoutALease() {
        assertEquals(LeaseWatch.Event.NONE, watch.look(T0, T0 + 100 * S));
    }

    @Test
    void aNewerAcknowledgementRenewsAndMovesTheDeadline() {
        watch.watch(T0);
        assertEquals(LeaseWatch.Event.NONE, watch.look(T0, T0 + 3 * S));
        assertEquals(LeaseWatch.Event.RENEWED, watch.look(T0 + 3 * S, T0 + 3 * S + 5_000_000));
        assertEquals(LeaseWatch.Event.NONE, watch.look(T0 + 3 * S, T0 + 4 * S), "the same ack renews once");
        assertEquals(T0 + 11 * S, watch.deadlineNanos(), "3 s + TTL 10 s - margin 2 s");
        assertEquals(LeaseWatch.Event.NONE, watch.look(T0 + 3 * S, T0 + 11 * S - 1));
        assertEquals(LeaseWatch.Event.FENCE, watch.look(T0 + 3 * S, T0 + 11 * S));
    }

    @Test
    void fencesOnceAtTtlMinusMarginAfterTheSendOfTheLastAckAndStaysFenced() {
        watch.watch(T0);
        assertEquals(LeaseWatch.Event.NONE, watch.look(T0, T0 + 8 * S - 1));
        assertFalse(watch.fenced());
        assertEquals(LeaseWatch.Event.FENCE, watch.look(T0, T0 + 8 * S));
        assertTrue(watch.fenced());
        assertEquals(LeaseWatch.Event.NONE, watch.look(T0, T0 + 9 * S), "told once");
        assertEquals(LeaseWatch.Event.NONE, watch.look(T0 + 9 * S, T0 + 9 * S), "a late ack does not unfence: the"
                + " agent registers again instead");
        watch.watch(T0 + 20 * S);
        assertFalse(watch.fenced(), "a new registration starts unfenced");
        assertEquals(LeaseWatch.Event.NONE, watch.look(T0 + 20 * S, T0 + 27 * S));
    }

    @Test
    void anAckThatArrivesAfterItsOwnDeadlineStillFences() {
        watch.watch(T0);
        // sent at T0 + 1 s but answered 9 s later: etcd may expire the lease at T0 + 11 s, fence at T0 + 9 s
        assertEquals(LeaseWatch.Event.FENCE, watch.look(T0 + S, T0 + 10 * S));
    }

    @Test
    void theClockMayWrap() {
        long origin = Long.MAX_VALUE - 3 * S;
        watch.watch(origin);
        assertEquals(LeaseWatch.Event.NONE, watch.look(origin, origin + 7 * S));
        assertEquals(LeaseWatch.Event.FENCE, watch.look(origin, origin + 8 * S));
    }
}
