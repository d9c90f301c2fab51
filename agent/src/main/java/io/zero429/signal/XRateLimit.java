package io.zero429.signal;

/**
 * Parses {@code X-RateLimit-Limit} / {@code -Remaining} / {@code -Reset}. The reset is epoch seconds at some APIs
 * (GitHub) and seconds from now at others. Rule: a reset of at least half of now in epoch seconds (today about
 * 8.8e8, i.e. 28 years as a delta, which no limiter uses) is epoch seconds; below it, seconds from now. With a
 * clock at 0 both readings give the same wait.
 */
public final class XRateLimit {
    public static final long NONE = Lex.NONE;
    private static final int MAX_LENGTH = 32;

    private final long limit;
    private final long remaining;
    private final long resetNanos;

    private XRateLimit(long limit, long remaining, long resetNanos) {
        this.limit = limit;
        this.remaining = remaining;
        this.resetNanos = resetNanos;
    }

    /** @return the limit in [0, 999999999], or {@link #NONE} */
    public long limit() {
        return limit;
    }

    /** @return requests left in [0, 999999999], or {@link #NONE} */
    public long remaining() {
        return remaining;
    }

    /** @return nanoseconds until the reset in [0, a day] (0 if already past), or {@link #NONE} */
    public long resetNanos() {
        return resetNanos;
    }

    /** @return the three values, or null if none of them is usable */
    public static XRateLimit parse(String limit, String remaining, String reset, long nowEpochMillis) {
        long l = Lex.leadingCount(limit);
        long r = Lex.leadingCount(remaining);
        long wait = resetNanos(reset, nowEpochMillis);
        return l == NONE && r == NONE && wait == NONE ? null : new XRateLimit(l, r, wait);
    }

    static long resetNanos(String reset, long nowEpochMillis) {
        if (reset == null) {
            return NONE;
        }
        String s = reset.trim();
        if (s.length() > MAX_LENGTH) {
            return NONE;
        }
        long value = Lex.digits(s, 0, s.length());
        if (value == NONE) {
            return NONE;
        }
        long epochThreshold = Math.floorDiv(nowEpochMillis, 1000) / 2;
        if (value < epochThreshold) {
            return Lex.secondsToCappedNanos(value);
        }
        long atMillis = value > Long.MAX_VALUE / 1000 ? Long.MAX_VALUE : value * 1000;
        return Lex.untilEpochMillis(atMillis, nowEpochMillis);
    }

    @Override
    public String toString() {
        return "limit=" + limit + ", remaining=" + remaining + ", resetNanos=" + resetNanos;
    }
}
