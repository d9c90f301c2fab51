package io.zero429.testapp.exchange;

/**
 * Weight counted per fixed window aligned on an origin (Binance's per-minute request weight, on the wall clock's
 * minutes; Gemini's per-day quota, from the exchange's start): the count resets when a new window begins. Not thread-safe.
 */
final class FixedWindowCounter {
    private final long limit;
    private final long window;
    private final long origin;
    private long windowIndex;
    private long used;

    FixedWindowCounter(long limit, long window, long origin) {
        this.limit = limit;
        this.window = window;
        this.origin = origin;
    }

    private void roll(long now) {
        long index = Math.floorDiv(now - origin, window);
        if (index != windowIndex) {
            windowIndex = index;
            used = 0;
        }
    }

    /** Adds {@code weight} if it fits in the current window; otherwise adds nothing and returns false. */
    boolean tryAdd(long now, long weight) {
        roll(now);
        if (used + weight > limit) {
            return false;
        }
        used += weight;
        return true;
    }

    /** Weight used in the current window (Binance's {@code X-MBX-USED-WEIGHT-1M}). */
    long used(long now) {
        roll(now);
        return used;
    }

    /** Nanoseconds until the current window ends. */
    long untilReset(long now) {
        roll(now);
        return origin + (windowIndex + 1) * window - now;
    }
}
