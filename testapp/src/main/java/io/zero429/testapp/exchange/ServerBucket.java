package io.zero429.testapp.exchange;

/**
 * A server's token bucket (Upbit): {@code burst} requests back to back from a full bucket, then {@code count} per
 * {@code window}. Exact in integers: times are kept multiplied by {@code count}, so one request advances the
 * theoretical arrival time by exactly {@code window} whatever the rate (no rounding of window / count).
 * Not thread-safe: the exchange calls it under its own lock.
 */
final class ServerBucket {
    private final long count;
    private final long window;
    private final long burst;
    /** Theoretical arrival time × count. */
    private long tatScaled = Long.MIN_VALUE;

    ServerBucket(long count, long window, long burst) {
        this.count = count;
        this.window = window;
        this.burst = burst;
    }

    /** Takes one request arriving at {@code now} if the bucket has a token; false (and nothing taken) otherwise. */
    boolean tryTake(long now) {
        long nowScaled = now * count;
        long tat = Math.max(tatScaled, nowScaled);
        if (tat - nowScaled > (burst - 1) * window) {
            return false;
        }
        tatScaled = tat + window;
        return true;
    }

    /** Whole tokens left at {@code now} (what Upbit reports as {@code sec}). */
    long remaining(long now) {
        long nowScaled = now * count;
        long tat = Math.max(tatScaled, nowScaled);
        return Math.max(0, (nowScaled + burst * window - tat) / window);
    }

    /** When the bucket is full again if nothing more is taken. */
    long fullAt(long now) {
        return Math.max(tatScaled, now * count) / count;
    }

    /** Nanoseconds until one more request would be taken (0: now). */
    long waitNanos(long now) {
        long nowScaled = now * count;
        long conforming = tatScaled - (burst - 1) * window;
        return Math.max(0, (conforming - nowScaled + count - 1) / count);
    }
}
