package io.zero429.signal;

/**
 * Parses a bare "requests remaining" count ({@code x-ratelimit-remaining-requests: 59},
 * {@code anthropic-ratelimit-requests-remaining: 49}): digits only, surrounding spaces allowed.
 */
public final class RemainingCount {
    public static final long NONE = Lex.NONE;

    private RemainingCount() {
    }

    /** @return the count, or {@link #NONE} if absent, empty, too long or not all digits */
    public static long parse(String value) {
        if (value == null) {
            return NONE;
        }
        int from = Lex.skipOws(value, 0, value.length());
        return Lex.count(value, from, Lex.trimOwsEnd(value, from, value.length()));
    }
}
