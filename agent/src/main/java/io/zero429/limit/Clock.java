package io.zero429.limit;

import java.io.InterruptedIOException;

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

    Clock SYSTEM = new SystemClock();
}
