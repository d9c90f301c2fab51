package io.zero429.limit;

/**
 * How much the time from a request's departure to its response varies, over the last minute or so: the spread
 * (slowest minus fastest) of departure-to-response times. A request that reaches the server later than planned
 * (a GC pause or a busy CPU between the limiter's departure and the write, a slow connection) shows up here. A
 * window-mode limit (an exact sliding window, no tolerance beyond the margin's stretch) can be broken at the server
 * by such lateness; it adds what the spread exceeds the margin's slack by (see {@link LimitState#earliest}).
 *
 * <p>Two periods of {@link #PERIOD_NANOS}: the spread covers the current one and the one before, so a pause is
 * remembered for one to two periods, then forgotten. Its own monitor, never the limiter's: responses do not
 * contend with admissions.
 */
final class TripSpread {
    static final long PERIOD_NANOS = 30_000_000_000L;

    private long periodStart = Long.MIN_VALUE;
    private long minNow = Long.MAX_VALUE;
    private long maxNow = Long.MIN_VALUE;
    private long minBefore = Long.MAX_VALUE;
    private long maxBefore = Long.MIN_VALUE;
    /** Read inside the limiter's monitor without this one. */
    private volatile long spread;

    /** A response came back at {@code now} to a request that left at {@code departure}. */
    synchronized void record(long departure, long now) {
        long trip = now - departure;
        if (trip < 0) {
            return;
        }
        if (periodStart == Long.MIN_VALUE || now - periodStart >= 2 * PERIOD_NANOS) {
            minBefore = Long.MAX_VALUE;
            maxBefore = Long.MIN_VALUE;
            minNow = Long.MAX_VALUE;
            maxNow = Long.MIN_VALUE;
            periodStart = now;
        } else if (now - periodStart >= PERIOD_NANOS) {
            minBefore = minNow;
            maxBefore = maxNow;
            minNow = Long.MAX_VALUE;
            maxNow = Long.MIN_VALUE;
            periodStart = now;
        }
        minNow = Math.min(minNow, trip);
        maxNow = Math.max(maxNow, trip);
        spread = Math.max(maxNow, maxBefore) - Math.min(minNow, minBefore);
    }

    /** The spread of trips recently seen, 0 before two responses. */
    long spread() {
        return spread;
    }
}
