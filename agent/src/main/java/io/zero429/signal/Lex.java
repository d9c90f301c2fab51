package io.zero429.signal;

import java.util.concurrent.TimeUnit;

/** Small shared scanning helpers for the signal parsers: no regexes, no exceptions, no overflow. */
final class Lex {
    /** "No value" for every long field of the parsers. */
    static final long NONE = -1;
    /** Counts (remaining, quota, used weight) longer than this are garbage, not a huge allowance. */
    static final int MAX_COUNT_DIGITS = 9;
    static final long DAY_NANOS = RetryAfter.MAX_NANOS;
    static final long SECOND_NANOS = TimeUnit.SECONDS.toNanos(1);
    static final long MILLI_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long DAY_MILLIS = TimeUnit.DAYS.toMillis(1);
    private static final long DAY_SECONDS = TimeUnit.DAYS.toSeconds(1);

    private Lex() {
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Optional white space of HTTP fields (space, tab). */
    static boolean isOws(char c) {
        return c == ' ' || c == '\t';
    }

    static int skipOws(CharSequence s, int from, int to) {
        while (from < to && isOws(s.charAt(from))) {
            from++;
        }
        return from;
    }

    static int trimOwsEnd(CharSequence s, int from, int to) {
        while (to > from && isOws(s.charAt(to - 1))) {
            to--;
        }
        return to;
    }

    /** ASCII-only: {@code String.equalsIgnoreCase} would also match e.g. U+017F for 's'. */
    static boolean asciiEqualsIgnoreCase(CharSequence s, int from, int to, String lower) {
        if (to - from != lower.length()) {
            return false;
        }
        for (int i = 0; i < lower.length(); i++) {
            char c = s.charAt(from + i);
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + ('a' - 'A'));
            }
            if (c != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Digits only in [from, to): their value, saturating at Long.MAX_VALUE; NONE if empty or not all digits. */
    static long digits(CharSequence s, int from, int to) {
        if (from >= to) {
            return NONE;
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return NONE;
            }
            v = v > (Long.MAX_VALUE - 9) / 10 ? Long.MAX_VALUE : v * 10 + (c - '0');
        }
        return v;
    }

    /** A count of 1 to {@link #MAX_COUNT_DIGITS} digits, or NONE. */
    static long count(CharSequence s, int from, int to) {
        return to - from > MAX_COUNT_DIGITS ? NONE : digits(s, from, to);
    }

    /** The count at the start of a list field ({@code 100, 100;w=60} gives 100), or NONE. */
    static long leadingCount(String value) {
        if (value == null || value.length() > 256) {
            return NONE;
        }
        int end = 0;
        while (end < value.length() && value.charAt(end) != ',' && value.charAt(end) != ';') {
            end++;
        }
        int from = skipOws(value, 0, end);
        return count(value, from, trimOwsEnd(value, from, end));
    }

    /**
     * {@code \d*(\.\d*)?} with at least one digit, in units of {@code unitNanos}: nanoseconds capped at
     * {@code capNanos}, or NONE if malformed. Fraction digits past the ninth are ignored (below a nanosecond).
     */
    static long decimalNanos(CharSequence s, int from, int to, long unitNanos, long capNanos) {
        int i = from;
        while (i < to && isDigit(s.charAt(i))) {
            i++;
        }
        int intEnd = i;
        long billionths = 0;
        int fractionDigits = 0;
        if (i < to && s.charAt(i) == '.') {
            i++;
            while (i < to && isDigit(s.charAt(i))) {
                if (fractionDigits < 9) {
                    billionths = billionths * 10 + (s.charAt(i) - '0');
                    fractionDigits++;
                }
                i++;
            }
            if (i - intEnd == 1 && intEnd == from) {
                return NONE; // a lone "."
            }
        }
        if (i != to || i == from) {
            return NONE;
        }
        for (int k = fractionDigits; k < 9; k++) {
            billionths *= 10;
        }
        long whole = intEnd == from ? 0 : digits(s, from, intEnd);
        if (whole >= capNanos / unitNanos + 1) {
            return capNanos;
        }
        // unit * billionths / 1e9 without overflow for units up to hours
        long fraction = unitNanos / SECOND_NANOS * billionths + unitNanos % SECOND_NANOS * billionths / SECOND_NANOS;
        return Math.min(capNanos, whole * unitNanos + fraction);
    }

    static long secondsToCappedNanos(long seconds) {
        if (seconds <= 0) {
            return 0;
        }
        return seconds >= DAY_SECONDS ? DAY_NANOS : TimeUnit.SECONDS.toNanos(seconds);
    }

    static long secondsToCappedNanosOrNone(long seconds) {
        return seconds == NONE ? NONE : secondsToCappedNanos(seconds);
    }

    static long millisToCappedNanos(long millis) {
        if (millis <= 0) {
            return 0;
        }
        return millis >= DAY_MILLIS ? DAY_NANOS : TimeUnit.MILLISECONDS.toNanos(millis);
    }

    /** Milliseconds from now until an epoch-millisecond instant, as a wait in [0, a day]. */
    static long untilEpochMillis(long atEpochMillis, long nowEpochMillis) {
        long diff = atEpochMillis - nowEpochMillis;
        // overflow of the subtraction: the signs of the operands differ and the result's sign is wrong
        if (((atEpochMillis ^ nowEpochMillis) & (atEpochMillis ^ diff)) < 0) {
            diff = atEpochMillis < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return millisToCappedNanos(diff);
    }
}
