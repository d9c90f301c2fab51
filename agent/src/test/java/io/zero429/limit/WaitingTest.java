package io.zero429.limit;

import static io.zero429.limit.LimiterTestSupport.NO_RANDOM;
import static io.zero429.limit.LimiterTestSupport.SECOND;
import static io.zero429.limit.LimiterTestSupport.exact;
import static io.zero429.limit.LimiterTestSupport.limit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InterruptedIOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** How callers wait: outside any lock, on the clock's sleep, interruptibly. */
class WaitingTest {
    /** A fake clock whose sleep blocks until the test releases it, so the test knows a caller is mid-wait. */
    private static final class GateClock implements Clock {
        private final FakeClock time = new FakeClock();
        final CountDownLatch sleeping = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public long nanoTime() {
            return time.nanoTime();
        }

        @Override
        public void sleepUntil(long deadline) throws InterruptedIOException {
            sleeping.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException();
            }
            time.sleepUntil(deadline);
        }
    }

    @Test
    void noLockIsHeldWhileACallerWaits() throws Exception {
        GateClock clock = new GateClock();
        Limiter limiter = new Limiter(exact("x", limit(1, SECOND, 1)).build(), clock, NO_RANDOM);
        assertTrue(limiter.tryAcquire(1));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread waiter = new Thread(() -> {
            try {
                limiter.acquire();
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        waiter.start();
        assertTrue(clock.sleeping.await(10, TimeUnit.SECONDS), "the waiter reached its wait");
        // While it waits, others use the limiter freely: reservations, signals, statistics.
        assertFalse(limiter.tryAcquire(1));
        assertEquals(clock.nanoTime() + 2 * SECOND, limiter.reserve(1), "queued behind the waiter");
        limiter.onLimitSignal(clock.nanoTime(), 0);
        clock.release.countDown();
        waiter.join(10_000);
        assertFalse(waiter.isAlive());
        assertEquals(null, failure.get());
    }

    @Test
    void anInterruptedWaiterLeavesPromptlyWithItsFlagSet() throws Exception {
        Limiter limiter = new Limiter(exact("x", limit(1, TimeUnit.HOURS.toNanos(1), 1)).maxWaitNanos(
                TimeUnit.DAYS.toNanos(1)).build());
        assertTrue(limiter.tryAcquire(1));
        Thread.currentThread().interrupt();
        try {
            assertThrows(InterruptedIOException.class, limiter::acquire);
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt flag must stay set");
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void theSystemClockSleepsUntilTheDeadline() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        Clock.SYSTEM.sleepUntil(deadline);
        assertTrue(System.nanoTime() >= deadline);
    }
}
