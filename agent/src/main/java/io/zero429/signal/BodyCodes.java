package io.zero429.signal;

/**
 * Recognises rate-limit errors that only the response BODY states (see the reference notes): KIS
 * {@code "msg_cd":"EGW00201"}, Gemini {@code "status":"RESOURCE_EXHAUSTED"} (with {@code RetryInfo.retryDelay} and
 * {@code QuotaFailure...quotaId}), Binance {@code "code":-1003}. A tolerant key/value scanner, not a JSON parser:
 * the caller hands over a truncated prefix, so the body is usually not valid JSON anyway.
 */
public final class BodyCodes {
    /** Only the start of a body is scanned: the codes sit near the top, and the work stays bounded. */
    public static final int MAX_SCANNED = 8192;
    private static final int MAX_VALUE_LENGTH = 128;

    /** What the body says. */
    public enum Kind {
        NONE,
        /** Korea Investment: over the per-second limit (EGW00201), whatever the HTTP status. */
        KIS_OVER_RATE,
        /** Gemini: a quota is exhausted; see {@link #retryDelayNanos()} and {@link #perDayQuota()}. */
        GEMINI_RESOURCE_EXHAUSTED,
        /** Binance: too much request weight used (-1003). */
        BINANCE_TOO_MUCH_WEIGHT
    }

    private static final BodyCodes NOTHING = new BodyCodes(Kind.NONE, Lex.NONE, false);

    private final Kind kind;
    private final long retryDelayNanos;
    private final boolean perDayQuota;

    private BodyCodes(Kind kind, long retryDelayNanos, boolean perDayQuota) {
        this.kind = kind;
        this.retryDelayNanos = retryDelayNanos;
        this.perDayQuota = perDayQuota;
    }

    public Kind kind() {
        return kind;
    }

    /** @return Gemini's {@code retryDelay} in [0, a day], or -1 if absent (or not a Gemini body) */
    public long retryDelayNanos() {
        return retryDelayNanos;
    }

    /** @return true if a Gemini quota id names a per-day quota: blocked until its reset, not a retry */
    public boolean perDayQuota() {
        return perDayQuota;
    }

    /** @param body the start of a response body, or null; only the first {@value #MAX_SCANNED} chars are read */
    public static BodyCodes scan(String body) {
        if (body == null || body.isEmpty()) {
            return NOTHING;
        }
        String s = body.length() > MAX_SCANNED ? body.substring(0, MAX_SCANNED) : body;
        if (anyValueEquals(s, "msg_cd", "EGW00201")) {
            return new BodyCodes(Kind.KIS_OVER_RATE, Lex.NONE, false);
        }
        if (anyValueEquals(s, "status", "RESOURCE_EXHAUSTED")) {
            return new BodyCodes(Kind.GEMINI_RESOURCE_EXHAUSTED, retryDelay(s), anyValueContains(s, "quotaId", "PerDay"));
        }
        if (anyValueEquals(s, "code", "-1003")) {
            return new BodyCodes(Kind.BINANCE_TOO_MUCH_WEIGHT, Lex.NONE, false);
        }
        return NOTHING;
    }

    /** A protobuf Duration in JSON: decimal seconds with an {@code s} suffix ({@code "19s"}, {@code "45.837906927s"}). */
    private static long retryDelay(String s) {
        for (int at = s.indexOf("\"retryDelay\""); at >= 0; at = s.indexOf("\"retryDelay\"", at + 1)) {
            String v = valueAfterKey(s, at + "\"retryDelay\"".length());
            if (v != null && v.endsWith("s")) {
                long nanos = Lex.decimalNanos(v, 0, v.length() - 1, Lex.SECOND_NANOS, Lex.DAY_NANOS);
                if (nanos != Lex.NONE) {
                    return nanos;
                }
            }
        }
        return Lex.NONE;
    }

    private static boolean anyValueEquals(String s, String key, String expected) {
        String quotedKey = '"' + key + '"';
        for (int at = s.indexOf(quotedKey); at >= 0; at = s.indexOf(quotedKey, at + 1)) {
            if (expected.equals(valueAfterKey(s, at + quotedKey.length()))) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyValueContains(String s, String key, String part) {
        String quotedKey = '"' + key + '"';
        for (int at = s.indexOf(quotedKey); at >= 0; at = s.indexOf(quotedKey, at + 1)) {
            String v = valueAfterKey(s, at + quotedKey.length());
            if (v != null && v.contains(part)) {
                return true;
            }
        }
        return false;
    }

    /**
     * After a quoted key: optional white space, ':', white space, then a string (returned without quotes, escapes
     * kept as written) or a bare scalar such as {@code -1003}. Null if that shape is not there or is cut off.
     */
    static String valueAfterKey(String s, int i) {
        i = skipJsonSpace(s, i);
        if (i >= s.length() || s.charAt(i) != ':') {
            return null;
        }
        i = skipJsonSpace(s, i + 1);
        if (i >= s.length()) {
            return null;
        }
        int limit = Math.min(s.length(), i + 1 + MAX_VALUE_LENGTH);
        if (s.charAt(i) == '"') {
            for (int j = i + 1; j < limit; j++) {
                char c = s.charAt(j);
                if (c == '\\') {
                    j++;
                } else if (c == '"') {
                    return s.substring(i + 1, j);
                }
            }
            return null; // unterminated or too long
        }
        int j = i;
        while (j < limit && isScalarChar(s.charAt(j))) {
            j++;
        }
        if (j == i || j == s.length()) {
            return null; // nothing, or possibly cut off mid-number ("-100" of a truncated "-1003x")
        }
        return s.substring(i, j);
    }

    private static boolean isScalarChar(char c) {
        return Lex.isDigit(c) || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'
                || (c >= 'a' && c <= 'z');
    }

    private static int skipJsonSpace(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\n' || s.charAt(i) == '\r')) {
            i++;
        }
        return i;
    }

    @Override
    public String toString() {
        return kind + (kind == Kind.GEMINI_RESOURCE_EXHAUSTED ? ", retryDelayNanos=" + retryDelayNanos + ", perDay=" + perDayQuota : "");
    }
}
