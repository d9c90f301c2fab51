package io.zero429.limit;

import java.util.concurrent.TimeUnit;

/**
 * One stated limit: {@code count} requests (cost units) per {@code windowNanos}, with a back-to-back burst.
 * Burst B means B requests may leave at once from a full bucket (tolerance (B-1)·T, the go-redis convention, not
 * redis-cell's where max_burst B lets B+1 through).
 */
public final class LimitSpec {
    /** Longest window we accept: keeps every product of nanoseconds and counts inside a long. */
    public static final long MAX_WINDOW_NANOS = TimeUnit.DAYS.toNanos(31);
    public static final long MAX_COUNT = 1_000_000_000L;

    private final long count;
    private final long windowNanos;
    private final int burst;

    public LimitSpec(long count, long windowNanos, int burst) {
        if (count < 1 || count > MAX_COUNT) {
            throw new IllegalArgumentException("count must be 1.." + MAX_COUNT + ", was " + count);
        }
        if (windowNanos < 1 || windowNanos > MAX_WINDOW_NANOS) {
            throw new IllegalArgumentException("window must be 1ns..31d, was " + Durations.format(windowNanos));
        }
        if (burst < 1 || burst > count) {
            throw new IllegalArgumentException("burst must be 1.." + count + " (the count), was " + burst);
        }
        this.count = count;
        this.windowNanos = windowNanos;
        this.burst = burst;
    }

    public static LimitSpec perWindow(long count, long window, TimeUnit unit) {
        return new LimitSpec(count, unit.toNanos(window), 1);
    }

    public LimitSpec withBurst(int newBurst) {
        return new LimitSpec(count, windowNanos, newBurst);
    }

    public long count() {
        return count;
    }

    public long windowNanos() {
        return windowNanos;
    }

    public int burst() {
        return burst;
    }

    /** Requests per second this limit allows in the long run. */
    public double ratePerSecond() {
        return count * 1e9 / windowNanos;
    }

    /** As written in a rules file: {@code 10/s burst 10}, {@code 1/2s}, {@code 100/d}. */
    @Override
    public String toString() {
        String window = Durations.format(windowNanos);
        if (window.matches("1[a-z]+")) {
            window = window.substring(1); // "10/s", not "10/1s"
        }
        return count + "/" + window + (burst > 1 ? " burst " + burst : "");
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LimitSpec)) {
            return false;
        }
        LimitSpec other = (LimitSpec) o;
        return count == other.count && windowNanos == other.windowNanos && burst == other.burst;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(count * 31 + windowNanos) * 31 + burst;
    }
}
