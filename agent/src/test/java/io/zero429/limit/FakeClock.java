package io.zero429.limit;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that only moves when told. {@link #sleepUntil} jumps time forward to the deadline, so a single-threaded
 * test sees exactly the departure time a real caller would have waited for, without waiting.
 */
final class FakeClock implements Clock {
    private final AtomicLong now;

    FakeClock() {
        this(1_000_000_000_000L); // an arbitrary origin, like System.nanoTime()
    }

    FakeClock(long start) {
        this.now = new AtomicLong(start);
    }

    @Override
    public long nanoTime() {
        return now.get();
    }

    @Override
    public void sleepUntil(long deadline) {
        now.accumulateAndGet(deadline, Math::max);
    }

    void advance(long nanos) {
        now.addAndGet(nanos);
    }

    void set(long time) {
        now.set(time);
    }
}
