package io.zero429.testapp.exchange;

/**
 * At most {@code count} requests in any window of {@code window} nanoseconds, exactly: a ring of the last
 * {@code count} accepted arrival times (KIS: "18 in any second"; Gemini: requests per minute).
 * Not thread-safe: the exchange calls it under its own lock.
 */
final class SlidingLog {
    private final long window;
    private final long[] ring;
    private int next;
    private int size;

    SlidingLog(int count, long window) {
        this.window = window;
        this.ring = new long[count];
    }

    /** Accepts a request arriving at {@code now} if fewer than count were accepted in (now − window, now]. */
    boolean tryTake(long now) {
        if (size == ring.length && now - ring[next] < window) {
            return false;
        }
        ring[next] = now;
        next = (next + 1) % ring.length;
        size = Math.min(size + 1, ring.length);
        return true;
    }

    /** Nanoseconds until the next request would be accepted (0: now). */
    long waitNanos(long now) {
        if (size < ring.length) {
            return 0;
        }
        return Math.max(0, ring[next] + window - now);
    }

    /** Requests accepted in (now − window, now]. */
    int used(long now) {
        int used = 0;
        for (int i = 0; i < size; i++) {
            if (now - ring[i] < window) {
                used++;
            }
        }
        return used;
    }

    /** Nanoseconds until no accepted request is in the window any more (the budget is whole again). */
    long untilEmpty(long now) {
        if (size == 0) {
            return 0;
        }
        long newest = ring[(next - 1 + ring.length) % ring.length];
        return Math.max(0, newest + window - now);
    }
}
