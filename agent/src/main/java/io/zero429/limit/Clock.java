package io.zero429.limit;

import java.io.InterruptedIOException;
import java.util.concurrent.locks.LockSupport;

/**
 * Time as the engine sees it. Everything time-dependent in {@code io.zero429.limit} reads this, so tests drive it
 * with a fake clock instead of sleeping.
 */
public interface Clock {
    /** Monotonic nanoseconds, with an arbitrary origin (like {@link System#nanoTime()}). */
    long nanoTime();

    /**
     * Returns once {@link #nanoTime()} has reached {@code deadline}.
     *
     * @throws InterruptedIOException if the thread is interrupted while waiting; the interrupt flag stays set
     */
    void sleepUntil(long deadline) throws InterruptedIOException;

    /**
     * Parks the calling thread until {@code deadline} at most. Unlike {@link #sleepUntil} it may return at any time
     * before (an unpark, an interrupt, spuriously): for a waiter that another thread wakes, which checks its state
     * and this clock after each return.
     */
    default void parkUntil(long deadline) {
        long left = deadline - nanoTime();
        if (left > 0) {
            LockSupport.parkNanos(this, left);
        }
    }

    Clock SYSTEM = new SystemClock();
}
