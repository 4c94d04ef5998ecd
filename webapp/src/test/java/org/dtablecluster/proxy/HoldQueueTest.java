package org.dtablecluster.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HoldQueueTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void refusesPastItsCapacityAndCountsTheRefusal() {
        HoldQueue<String> q = new HoldQueue<>(2, Duration.ofSeconds(5));
        assertTrue(q.offer(1, "a", 0));
        assertTrue(q.offer(2, "b", 0));
        assertFalse(q.offer(1, "c", 0));
        assertEquals(2, q.size());
        assertEquals(1, q.rejectedTotal());
        assertEquals(2, q.heldTotal());
    }

    @Test
    void releasesOnlyTheBucketsNoLongerHeldOldestFirst() {
        HoldQueue<String> q = new HoldQueue<>(10, Duration.ofSeconds(5));
        q.offer(7, "7a", 0);
        q.offer(9, "9a", 1);
        q.offer(7, "7b", 2);
        assertEquals(List.of("7a", "7b"), q.releaseWhere(b -> b != 7));
        assertEquals(1, q.size());
        assertEquals(0, q.size(7));
        assertEquals(List.of(), q.releaseWhere(b -> true));
        assertEquals(List.of("9a"), q.releaseWhere(b -> false));
        assertEquals(0, q.size());
    }

    @Test
    void expiresExactlyAtTheWaitAndNotBefore() {
        HoldQueue<String> q = new HoldQueue<>(10, Duration.ofSeconds(5));
        q.offer(3, "early", 0);
        q.offer(3, "late", 2 * SECOND);
        q.offer(4, "other", SECOND);
        assertEquals(List.of(), q.expire(5 * SECOND - 1));
        assertEquals(List.of("early"), q.expire(5 * SECOND));
        assertEquals(List.of("late", "other"), q.expire(7 * SECOND));
        assertEquals(3, q.expiredTotal());
        assertEquals(0, q.size());
    }

    @Test
    void aFreedPlaceCanBeTakenAgain() {
        HoldQueue<String> q = new HoldQueue<>(1, Duration.ofSeconds(1));
        q.offer(0, "a", 0);
        assertFalse(q.offer(0, "b", 0));
        q.expire(SECOND);
        assertTrue(q.offer(0, "c", SECOND));
        assertEquals(List.of("c"), q.drainAll());
    }

    @Test
    void monotonicTimeMayWrapPastLongMax() {
        HoldQueue<String> q = new HoldQueue<>(1, Duration.ofSeconds(1));
        long nearMax = Long.MAX_VALUE - SECOND / 2;
        q.offer(0, "a", nearMax);
        assertEquals(List.of(), q.expire(nearMax + SECOND / 4));
        assertEquals(List.of("a"), q.expire(nearMax + SECOND));
    }

    @Test
    void rejectsNonsenseBounds() {
        assertThrows(IllegalArgumentException.class, () -> new HoldQueue<>(0, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new HoldQueue<>(1, Duration.ZERO));
    }
}
