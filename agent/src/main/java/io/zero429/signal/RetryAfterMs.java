package io.zero429.signal;

/**
 * Parses {@code retry-after-ms} (OpenAI and others): decimal milliseconds, {@code 1500} or {@code 1500.5}.
 * Unlike {@link RetryAfter}, absent is {@link #NONE} rather than 0 so a caller can fall back to Retry-After
 * (the official OpenAI SDK reads this field first).
 */
public final class RetryAfterMs {
    public static final long NONE = Lex.NONE;
    private static final int MAX_LENGTH = 32;

    private RetryAfterMs() {
    }

    /** @return the wait in nanoseconds in [0, a day], or {@link #NONE} if absent or malformed (negative, units) */
    public static long parseNanos(String value) {
        if (value == null) {
            return NONE;
        }
        String s = value.trim();
        if (s.isEmpty() || s.length() > MAX_LENGTH) {
            return NONE;
        }
        return Lex.decimalNanos(s, 0, s.length(), Lex.MILLI_NANOS, Lex.DAY_NANOS);
    }
}
