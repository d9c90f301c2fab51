package io.zero429.limit;

import static io.zero429.limit.LimiterTestSupport.NO_RANDOM;
import static io.zero429.limit.LimiterTestSupport.SECOND;
import static io.zero429.limit.LimiterTestSupport.exact;
import static io.zero429.limit.LimiterTestSupport.limit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LimiterPoolTest {
    private final FakeClock clock = new FakeClock();
    private final LimiterPool pool = new LimiterPool(
            List.of(exact("upbit-default", limit(30, SECOND, 30)).build(), exact("kis", limit(18, SECOND, 1)).build()),
            clock, NO_RANDOM, 100);

    @Test
    void eachPartitionHasItsOwnBudget() {
        Limiter a = pool.partition("upbit-default", 1);
        Limiter b = pool.partition("upbit-default", 2);
        assertNotSame(a, b);
        assertSame(a, pool.partition("upbit-default", 1));
        for (int i = 0; i < 30; i++) {
            assertTrue(a.tryAcquire(1));
        }
        assertFalse(a.tryAcquire(1));
        assertTrue(b.tryAcquire(1), "another account's budget is untouched");
        assertNotSame(pool.shared("upbit-default"), a);
    }

    @Test
    void idlePartitionsAreDroppedAndBusyOnesKept() {
        Limiter busy = pool.partition("kis", 7);
        busy.tryAcquire(1);
        for (long key = 100; key < 200; key++) {
            pool.partition("kis", key); // never used: idle at once
        }
        assertTrue(pool.partitionCount() <= 101, "swept at the threshold: " + pool.partitionCount());
        assertSame(busy, pool.partition("kis", 7), "a partition whose bucket is not full is never dropped");
        clock.advance(SECOND);
        pool.sweepIdle();
        assertEquals(0, pool.partitionCount(), "a second later its bucket is full again: nothing left to keep");
    }

    @Test
    void aPausedOrCutPartitionIsNotIdle() {
        Limiter paused = pool.partition("kis", 1);
        paused.onLimitSignal(clock.nanoTime(), 5 * SECOND);
        clock.advance(2 * SECOND);
        assertFalse(paused.isIdle(), "paused");
        clock.advance(4 * SECOND);
        assertFalse(paused.isIdle(), "the pause is over but the adjuster's cut is not recovered");
        clock.advance(3600 * SECOND);
        assertTrue(paused.isIdle());
    }

    @Test
    void unknownNamesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> pool.shared("nope"));
        assertThrows(IllegalArgumentException.class, () -> pool.partition("nope", 1));
    }
}
