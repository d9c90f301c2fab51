package io.zero429.signal;

/**
 * Parses Bybit v5's {@code X-Bapi-Limit-Status} (requests left) and {@code X-Bapi-Limit-Reset-Timestamp} (epoch
 * milliseconds when the window resets).
 */
public final class BybitLimit {
    public static final long NONE = Lex.NONE;
    private static final int MAX_LENGTH = 32;

    private final long remaining;
    private final long resetNanos;

    private BybitLimit(long remaining, long resetNanos) {
        this.remaining = remaining;
        this.resetNanos = resetNanos;
    }

    /** @return requests left in [0, 999999999], or {@link #NONE} */
    public long remaining() {
        return remaining;
    }

    /** @return nanoseconds until the reset in [0, a day] (0 if already past), or {@link #NONE} */
    public long resetNanos() {
        return resetNanos;
    }

    /** @return both values, or null if neither is usable */
    public static BybitLimit parse(String limitStatus, String resetTimestamp, long nowEpochMillis) {
        long remaining = Lex.leadingCount(limitStatus);
        long wait = NONE;
        if (resetTimestamp != null) {
            String s = resetTimestamp.trim();
            long at = s.length() > MAX_LENGTH ? NONE : Lex.digits(s, 0, s.length());
            wait = at == NONE ? NONE : Lex.untilEpochMillis(at, nowEpochMillis);
        }
        return remaining == NONE && wait == NONE ? null : new BybitLimit(remaining, wait);
    }

    @Override
    public String toString() {
        return "remaining=" + remaining + ", resetNanos=" + resetNanos;
    }
}
