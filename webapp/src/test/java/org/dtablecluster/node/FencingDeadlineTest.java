package org.dtablecluster.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FencingDeadlineTest {

    private static final long MS = 1_000_000L;
    private final FencingDeadline fence = new FencingDeadline(Duration.ofSeconds(10), Duration.ofSeconds(2));

    @Test
    void fencesTtlMinusMarginAfterTheSendOfTheLastAcknowledgedKeepAlive() {
        long sent = 5_000 * MS;
        assertFalse(fence.passed(sent, sent + 8_000 * MS - 1));
        assertTrue(fence.passed(sent, sent + 8_000 * MS));
        assertEquals(Duration.ofMillis(3_000), fence.remaining(sent, sent + 5_000 * MS));
        assertEquals(Duration.ZERO, fence.remaining(sent, sent + 9_000 * MS));
    }

    @Test
    void aLaterAcknowledgementMovesTheDeadline() {
        long first = 0;
        long second = 3_000 * MS;
        long now = 9_000 * MS;
        assertTrue(fence.passed(first, now));
        assertFalse(fence.passed(second, now));
    }

    @Test
    void validUntilIsTheSameInstantOnTheWallClockRoundedDown() {
        long sent = 1_000 * MS;
        long now = 4_000 * MS + 999_999;
        long wall = 1_700_000_000_000L;
        // deadline at 9,000 ms monotonic; 4,999.999 ms remain; never promise more than that
        assertEquals(wall + 4_999, fence.validUntilEpochMs(sent, now, wall));
    }

    @Test
    void validUntilLiesInThePastOnceFenced() {
        assertEquals(1_000L - 1_000, fence.validUntilEpochMs(0, 9_000 * MS, 1_000));
    }

    @Test
    void marginMustStayBelowTheTtl() {
        assertThrows(IllegalArgumentException.class, () -> new FencingDeadline(Duration.ofSeconds(5), Duration.ofSeconds(5)));
        assertThrows(IllegalArgumentException.class, () -> new FencingDeadline(Duration.ofSeconds(5), Duration.ofSeconds(-1)));
    }
}
