package io.zero429.signal;

import java.util.concurrent.TimeUnit;

/**
 * Parses OpenAI's {@code x-ratelimit-reset-requests} / {@code -tokens}: a Go-style duration until the quota is full
 * again ({@code 6m0s}, {@code 1s}, {@code 12ms}, {@code 1h2m3.5s}, {@code 0.5s}). Units h, m, s, ms, us/µs, ns;
 * every number needs a unit except a bare {@code 0}.
 */
public final class ResetDuration {
    public static final long NONE = Lex.NONE;
    private static final int MAX_LENGTH = 48;

    private ResetDuration() {
    }

    /** @return nanoseconds in [0, a day], or {@link #NONE} if absent or malformed */
    public static long parseNanos(String value) {
        if (value == null) {
            return NONE;
        }
        String s = value.trim();
        if (s.isEmpty() || s.length() > MAX_LENGTH) {
            return NONE;
        }
        if (s.equals("0")) {
            return 0;
        }
        long total = 0;
        int i = 0;
        while (i < s.length()) {
            int numberStart = i;
            while (i < s.length() && (Lex.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            int numberEnd = i;
            while (i < s.length() && isUnitChar(s.charAt(i))) {
                i++;
            }
            long unit = unitNanos(s, numberEnd, i);
            if (unit == NONE) {
                return NONE;
            }
            long part = Lex.decimalNanos(s, numberStart, numberEnd, unit, Lex.DAY_NANOS);
            if (part == NONE) {
                return NONE;
            }
            total = Math.min(Lex.DAY_NANOS, total + part); // both terms ≤ a day: no overflow
        }
        return total;
    }

    private static boolean isUnitChar(char c) {
        return (c >= 'a' && c <= 'z') || c == '\u00b5' || c == '\u03bc';
    }

    private static long unitNanos(String s, int from, int to) {
        switch (s.substring(from, to)) {
            case "h":
                return TimeUnit.HOURS.toNanos(1);
            case "m":
                return TimeUnit.MINUTES.toNanos(1);
            case "s":
                return Lex.SECOND_NANOS;
            case "ms":
                return Lex.MILLI_NANOS;
            case "us":
            case "\u00b5s": // micro sign
            case "\u03bcs": // Greek mu
                return TimeUnit.MICROSECONDS.toNanos(1);
            case "ns":
                return 1;
            default:
                return NONE;
        }
    }
}
