package io.zero429.signal;

/**
 * Parses Upbit's {@code Remaining-Req: group=default; min=1800; sec=29}: the group and the requests left in the
 * current second. {@code min} is deprecated (a fixed value) and ignored, as are unknown keys. Keys are
 * case-insensitive and may come in any order; group names are {@code [a-z-]+} (e.g. {@code crix-trades}),
 * lower-cased, unknown names accepted.
 */
public final class UpbitRemainingReq {
    private static final int MAX_LENGTH = 128;
    private static final int MAX_GROUP_LENGTH = 40;

    private final String group;
    private final int sec;

    private UpbitRemainingReq(String group, int sec) {
        this.group = group;
        this.sec = sec;
    }

    /** @return the group name, {@code [a-z-]{1,40}} */
    public String group() {
        return group;
    }

    /** @return requests left in the current second, in [0, 999999999] */
    public int sec() {
        return sec;
    }

    /**
     * @return the group and its remaining requests, or null if the value is absent, malformed, lacks a group or
     *     {@code sec}, or repeats one of them (an ambiguous header must not steer throttling)
     */
    public static UpbitRemainingReq parse(String value) {
        if (value == null || value.length() > MAX_LENGTH) {
            return null;
        }
        String group = null;
        long sec = Lex.NONE;
        int n = value.length();
        for (int start = 0; start <= n; ) {
            int end = value.indexOf(';', start);
            if (end < 0) {
                end = n;
            }
            int from = Lex.skipOws(value, start, end);
            int to = Lex.trimOwsEnd(value, from, end);
            int eq = value.indexOf('=', from);
            if (eq < 0 || eq >= to) {
                if (from != to) {
                    return null; // a segment that is not key=value; empty ones (trailing ';') are tolerated
                }
            } else {
                int keyEnd = Lex.trimOwsEnd(value, from, eq);
                int valueFrom = Lex.skipOws(value, eq + 1, to);
                if (Lex.asciiEqualsIgnoreCase(value, from, keyEnd, "group")) {
                    if (group != null) {
                        return null;
                    }
                    group = groupName(value, valueFrom, to);
                    if (group == null) {
                        return null;
                    }
                } else if (Lex.asciiEqualsIgnoreCase(value, from, keyEnd, "sec")) {
                    if (sec != Lex.NONE) {
                        return null;
                    }
                    sec = Lex.count(value, valueFrom, to);
                    if (sec == Lex.NONE) {
                        return null;
                    }
                }
            }
            start = end + 1;
        }
        return group == null || sec == Lex.NONE ? null : new UpbitRemainingReq(group, (int) sec);
    }

    private static String groupName(String s, int from, int to) {
        if (from >= to || to - from > MAX_GROUP_LENGTH) {
            return null;
        }
        StringBuilder name = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + ('a' - 'A'));
            }
            if ((c < 'a' || c > 'z') && c != '-') {
                return null;
            }
            name.append(c);
        }
        return name.toString();
    }

    @Override
    public String toString() {
        return "group=" + group + "; sec=" + sec;
    }
}
