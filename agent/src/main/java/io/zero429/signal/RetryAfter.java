package io.zero429.signal;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.TimeUnit;

/**
 * Parses {@code Retry-After}: delta-seconds ({@code 120}) or an HTTP-date ({@code Wed, 21 Oct 2026 07:28:00 GMT}).
 * Anything else, negative, or absurd is "no value": a bad header never throws and never pauses for long.
 */
public final class RetryAfter {
    /** A server asking for more than a day is treated as a day: a ban is the ban logic's job, not this parser's. */
    static final long MAX_NANOS = TimeUnit.DAYS.toNanos(1);
    private static final int MAX_LENGTH = 64;

    private RetryAfter() {
    }

    /**
     * @param value the header value, or null
     * @param nowEpochMillis the current wall-clock time, for HTTP-dates
     * @return the wait in nanoseconds, or 0 if absent or unusable
     */
    public static long parseNanos(String value, long nowEpochMillis) {
        if (value == null) {
            return 0;
        }
        String s = value.trim();
        if (s.isEmpty() || s.length() > MAX_LENGTH) {
            return 0;
        }
        if (isDigits(s)) {
            if (s.length() > 9) {
                return MAX_NANOS;
            }
            return Math.min(MAX_NANOS, TimeUnit.SECONDS.toNanos(Long.parseLong(s)));
        }
        try {
            long at = ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
            long millis = at - nowEpochMillis;
            return millis <= 0 ? 0 : Math.min(MAX_NANOS, TimeUnit.MILLISECONDS.toNanos(millis));
        } catch (DateTimeParseException | ArithmeticException e) {
            return 0;
        }
    }

    private static boolean isDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
