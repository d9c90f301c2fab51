package io.zero429.limit;

import java.io.InterruptedIOException;
import java.util.concurrent.locks.LockSupport;

/** The real clock. Waits with {@link LockSupport#parkNanos(long)}, which never pins a virtual thread. */
final class SystemClock implements Clock {
    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public void sleepUntil(long deadline) throws InterruptedIOException {
        for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(this, left);
            if (Thread.currentThread().isInterrupted()) {
                // parkNanos clears nothing: the flag stays set for the application to see.
                throw new InterruptedIOException("zero429: interrupted while waiting for a rate-limit slot");
            }
        }
    }
}
