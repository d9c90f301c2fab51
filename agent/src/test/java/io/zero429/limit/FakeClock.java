package io.zero429.limit;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

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

    /**
     * Fake time moves only when a test moves it, so a parked waiter (a concurrency permit) looks again every
     * real millisecond: it sees a permit handed over (it is unparked anyway) or a deadline the test moved past.
     */
    @Override
    public void parkUntil(long deadline) {
        if (deadline - now.get() > 0) {
            LockSupport.parkNanos(this, REAL_PARK_NANOS);
        }
    }

    private static final long REAL_PARK_NANOS = 1_000_000L;

    void advance(long nanos) {
        now.addAndGet(nanos);
    }

    void set(long time) {
        now.set(time);
    }
}
