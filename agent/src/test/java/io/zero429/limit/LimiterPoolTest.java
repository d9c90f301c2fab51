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
import org.junit.jupiter.api.Nested;
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

    @Nested
    class Reload {
        @Test
        void aLimiterWhoseDefinitionDidNotChangeIsKeptWithItsState() throws Exception {
            Limiter before = pool.shared("upbit-default");
            before.onLimitSignal(clock.nanoTime(), 0);
            Limiter partition = pool.partition("upbit-default", 9);
            LimiterPool reloaded = new LimiterPool(List.of(exact("upbit-default", limit(30, SECOND, 30)).build(),
                    exact("kis", limit(20, SECOND, 1)).build()), pool);
            assertSame(before, reloaded.shared("upbit-default"), "same schedule, same ratio");
            assertSame(partition, reloaded.partition("upbit-default", 9));
            assertNotSame(pool.shared("kis"), reloaded.shared("kis"), "a changed definition gives a new limiter");
            assertEquals(20, reloaded.shared("kis").spec().limits().get(0).count());
        }

        @Test
        void aChangedLimiterTakesOverTheScheduleAndOpensNoBurst() throws Exception {
            Limiter before = pool.shared("upbit-default");
            for (int i = 0; i < 30; i++) {
                assertTrue(before.tryAcquire(1), "the opening burst");
            }
            clock.advance(SECOND / 10);
            LimiterPool reloaded = new LimiterPool(List.of(exact("upbit-default", limit(40, SECOND, 40)).build()),
                    pool);
            Limiter after = reloaded.shared("upbit-default");
            int immediate = 0;
            while (after.tryAcquire(1)) {
                immediate++;
            }
            // 100 ms after 30 left at once: the new 40/s burst 40 allows 10 + 4 more, not a fresh burst of 40.
            assertEquals(14, immediate);
            assertThrows(IllegalArgumentException.class, () -> reloaded.shared("kis"), "kis is no longer defined");
        }

        @Test
        void aPauseSurvivesAChangedDefinition() {
            pool.shared("kis").pauseFor(5 * SECOND);
            LimiterPool reloaded = new LimiterPool(List.of(exact("kis", limit(17, SECOND, 1)).build()), pool);
            assertEquals(clock.nanoTime() + 5 * SECOND, reloaded.shared("kis").pausedUntil());
        }

        @Test
        void requestsInFlightCountAgainstTheReloadedConcurrencyCap() throws Exception {
            LimiterPool capped = new LimiterPool(List.of(exact("ds", limit(100, SECOND, 100)).concurrency(2).build()),
                    clock, NO_RANDOM, 100);
            Admission before = capped.shared("ds").admission(1);
            before.acquireRequest();
            before.acquireRequest();
            List<Integer> served = new java.util.ArrayList<>();
            capped.shared("ds").permits().takeOrQueue(() -> served.add(1));

            // New limits, cap lowered to 1: the two in flight still count, and keep counting until both are back.
            LimiterPool lowered = new LimiterPool(List.of(exact("ds", limit(50, SECOND, 50)).concurrency(1).build()),
                    capped);
            Permits permits = lowered.shared("ds").permits();
            assertEquals(2, permits.inFlight());
            assertTrue(lowered.shared("ds").admission(1).waitHint() > 0, "a new request would wait");
            before.givePermits();
            assertEquals(List.of(), served, "still one in flight: the cap is 1 now");
            before.givePermits();
            assertEquals(List.of(1), served, "the waiter kept its place across the reload");

            // Cap raised to 3: a waiter is served at once.
            permits.takeOrQueue(() -> served.add(2));
            LimiterPool raised = new LimiterPool(List.of(exact("ds", limit(50, SECOND, 50)).concurrency(3).build()),
                    lowered);
            assertEquals(List.of(1, 2), served);
            assertEquals(2, raised.shared("ds").permits().inFlight());
        }
    }

    @Test
    void emergencyHalvesTheRateForAWhileThenRestoresIt() throws Exception {
        Limiter kis = pool.shared("kis"); // 18/s burst 1: one every 55.6 ms
        kis.emergency(10 * SECOND);
        long first = kis.reserve(1);
        long second = kis.reserve(1);
        assertEquals(2 * SECOND / 18 + 1, second - first, "half the rate: one every 111 ms");
        assertFalse(kis.isIdle());
        clock.advance(11 * SECOND);
        long third = kis.reserve(1);
        long fourth = kis.reserve(1);
        assertEquals(SECOND / 18 + 1, fourth - third, "restored");
    }
}
