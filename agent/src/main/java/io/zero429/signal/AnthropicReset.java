package io.zero429.signal;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Parses Anthropic's {@code anthropic-ratelimit-*-reset}: an RFC 3339 timestamp ({@code 2026-11-27T12:00:30Z},
 * offsets, fractional seconds; RFC 3339 also allows a lower-case t/z and a space for the T).
 */
public final class AnthropicReset {
    public static final long NONE = Lex.NONE;
    private static final int MAX_LENGTH = 48;

    private AnthropicReset() {
    }

    /** @return nanoseconds from now until the timestamp in [0, a day] (0 if past), or {@link #NONE} if malformed */
    public static long parseNanos(String value, long nowEpochMillis) {
        if (value == null) {
            return NONE;
        }
        String s = value.trim();
        if (s.length() < 20 || s.length() > MAX_LENGTH) {
            return NONE;
        }
        char separator = s.charAt(10);
        if (separator == ' ' || separator == 't') {
            s = s.substring(0, 10) + 'T' + s.substring(11);
        }
        if (s.endsWith("z")) {
            s = s.substring(0, s.length() - 1) + 'Z';
        }
        try {
            OffsetDateTime at = OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            long atMillis = epochMillisRoundedUp(at.toEpochSecond(), at.getNano());
            return Lex.untilEpochMillis(atMillis, nowEpochMillis);
        } catch (DateTimeException e) {
            return NONE; // DateTimeParseException is a DateTimeException
        }
    }

    /** Years far from now saturate instead of overflowing; a partial millisecond rounds up (waking early would meet
     * the same limit). */
    private static long epochMillisRoundedUp(long epochSecond, int nano) {
        if (epochSecond >= Long.MAX_VALUE / 1000) {
            return Long.MAX_VALUE;
        }
        if (epochSecond <= Long.MIN_VALUE / 1000) {
            return Long.MIN_VALUE;
        }
        return epochSecond * 1000 + (nano + 999_999) / 1_000_000;
    }
}
