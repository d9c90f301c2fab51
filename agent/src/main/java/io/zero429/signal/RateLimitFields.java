package io.zero429.signal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Parses the IETF rate-limit fields (draft-ietf-httpapi-ratelimit-headers), every published shape:
 * <ul>
 *   <li>drafts 08+: {@code RateLimit: "default";r=50;t=30} and
 *       {@code RateLimit-Policy: "burst";q=100;w=60,"daily";q=1000;w=86400} (lists, possibly over several lines);
 *   <li>draft 07: {@code RateLimit: limit=100, remaining=50, reset=5} and {@code RateLimit-Policy: 100;w=10};
 *   <li>drafts up to 06: {@code RateLimit-Limit}, {@code RateLimit-Remaining}, {@code RateLimit-Reset} (seconds), see
 *       {@link #parseLegacy}.
 * </ul>
 * When several limits are listed, the result is the most constraining one (fewest remaining, then the latest
 * reset), with the policy of the same name. Unknown parameters are ignored; a malformed member is skipped.
 */
public final class RateLimitFields {
    public static final long NONE = Lex.NONE;
    /** For all the lines of one field together: real fields list a handful of short policies. */
    private static final int MAX_LENGTH = 1024;

    private final String policyName;
    private final long remaining;
    private final long resetNanos;
    private final long quota;
    private final long windowSeconds;

    private RateLimitFields(String policyName, long remaining, long resetNanos, long quota, long windowSeconds) {
        this.policyName = policyName;
        this.remaining = remaining;
        this.resetNanos = resetNanos;
        this.quota = quota;
        this.windowSeconds = windowSeconds;
    }

    /** @return the policy name (drafts 08+), or null when unnamed */
    public String policyName() {
        return policyName;
    }

    /** @return quota units left in [0, 999999999], or {@link #NONE} */
    public long remaining() {
        return remaining;
    }

    /** @return nanoseconds until more quota in [0, a day], or {@link #NONE} */
    public long resetNanos() {
        return resetNanos;
    }

    /** @return the policy's quota in [0, 999999999], or {@link #NONE} */
    public long quota() {
        return quota;
    }

    /** @return the policy's window in seconds in [0, 999999999], or {@link #NONE} */
    public long windowSeconds() {
        return windowSeconds;
    }

    /**
     * @param rateLimit the {@code RateLimit} field lines, or null
     * @param rateLimitPolicy the {@code RateLimit-Policy} field lines, or null
     * @return the most constraining limit, or null if neither field has a usable member
     */
    public static RateLimitFields parse(List<String> rateLimit, List<String> rateLimitPolicy) {
        Member chosen = null;
        for (Member m : members(rateLimit)) {
            if ((m.remaining != NONE || m.reset != NONE) && (chosen == null || moreConstraining(m, chosen))) {
                chosen = m;
            }
        }
        List<Member> policies = members(rateLimitPolicy);
        Member policy = null;
        for (Member p : policies) {
            if (chosen == null ? p.quota != NONE || p.window != NONE : sameName(p, chosen)) {
                policy = p;
                break;
            }
        }
        if (chosen == null && policy == null) {
            return null;
        }
        String name = chosen != null ? chosen.name : policy.name;
        long quota = policy != null && policy.quota != NONE ? policy.quota : chosen != null ? chosen.quota : NONE;
        return new RateLimitFields(name, chosen == null ? NONE : chosen.remaining,
                chosen == null ? NONE : Lex.secondsToCappedNanosOrNone(chosen.reset), quota,
                policy == null ? NONE : policy.window);
    }

    /**
     * Drafts up to 06: {@code RateLimit-Limit} (a count, optionally followed by policies such as
     * {@code 100, 100;w=60}), {@code RateLimit-Remaining}, {@code RateLimit-Reset} (seconds from now).
     *
     * @return the values, or null if none is usable
     */
    public static RateLimitFields parseLegacy(String limit, String remaining, String reset) {
        long quota = Lex.leadingCount(limit);
        long window = NONE;
        for (Member m : members(limit == null ? null : Collections.singletonList(limit))) {
            if (m.window != NONE) {
                window = m.window;
                break;
            }
        }
        long left = Lex.leadingCount(remaining);
        long resetSeconds = NONE;
        if (reset != null && reset.length() <= 32) {
            String s = reset.trim();
            resetSeconds = Lex.digits(s, 0, s.length());
        }
        if (quota == NONE && left == NONE && resetSeconds == NONE) {
            return null;
        }
        return new RateLimitFields(null, left, Lex.secondsToCappedNanosOrNone(resetSeconds), quota, window);
    }

    private static boolean moreConstraining(Member a, Member b) {
        long ra = a.remaining == NONE ? Long.MAX_VALUE : a.remaining;
        long rb = b.remaining == NONE ? Long.MAX_VALUE : b.remaining;
        return ra < rb || (ra == rb && a.reset > b.reset);
    }

    private static boolean sameName(Member a, Member b) {
        return a.name == null ? b.name == null : a.name.equals(b.name);
    }

    /** One list member: a named limit or policy, or (draft 07) the merged dictionary. */
    private static final class Member {
        String name;
        long remaining = NONE;
        long reset = NONE;
        long quota = NONE;
        long window = NONE;
    }

    /** The members of a field given as several lines (joined with commas, as HTTP combines them). */
    private static List<Member> members(List<String> lines) {
        if (lines == null || lines.isEmpty()) {
            return Collections.emptyList();
        }
        StringBuilder joined = new StringBuilder();
        for (String line : lines) {
            if (line == null) {
                continue;
            }
            if (joined.length() + line.length() + 1 > MAX_LENGTH) {
                return Collections.emptyList();
            }
            if (joined.length() > 0) {
                joined.append(',');
            }
            joined.append(line);
        }
        String s = joined.toString();
        List<Member> result = new ArrayList<>();
        Member dictionary = null; // draft 07: limit=, remaining=, reset= members describe one limit
        int start = 0;
        boolean quoted = false;
        for (int i = 0; i <= s.length(); i++) {
            char c = i < s.length() ? s.charAt(i) : ',';
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && (!quoted || i == s.length())) {
                dictionary = member(s, start, i, result, dictionary);
                start = i + 1;
                quoted = false;
            }
        }
        return result;
    }

    /** Parses one member into {@code out}; returns the draft-07 dictionary member, created when first needed. */
    private static Member member(String s, int from, int to, List<Member> out, Member dictionary) {
        from = Lex.skipOws(s, from, to);
        to = Lex.trimOwsEnd(s, from, to);
        if (from >= to) {
            return dictionary;
        }
        Member m = new Member();
        int i = from;
        char first = s.charAt(from);
        if (first == '"') {
            StringBuilder name = new StringBuilder();
            for (i = from + 1; i < to && s.charAt(i) != '"'; i++) {
                if (s.charAt(i) == '\\' && i + 1 < to) {
                    i++;
                }
                name.append(s.charAt(i));
            }
            if (i >= to) {
                return dictionary; // unterminated string
            }
            m.name = name.toString();
            i++;
        } else if (isTokenStart(first)) {
            while (i < to && isTokenChar(s.charAt(i))) {
                i++;
            }
            if (i < to && s.charAt(i) == '=') {
                if (dictionary == null) {
                    dictionary = new Member();
                    out.add(dictionary);
                }
                dictionaryEntry(dictionary, s, from, i, i + 1, to);
                return dictionary;
            }
            m.name = s.substring(from, i);
        } else if (Lex.isDigit(first)) {
            while (i < to && Lex.isDigit(s.charAt(i))) {
                i++;
            }
            m.quota = Lex.count(s, from, i); // draft 07 policy: 100;w=10
        } else {
            return dictionary;
        }
        if (i < to && s.charAt(i) != ';') {
            return dictionary; // junk after the item
        }
        parameters(m, s, i, to);
        out.add(m);
        return dictionary;
    }

    private static void dictionaryEntry(Member m, String s, int keyFrom, int keyTo, int valueFrom, int to) {
        int valueTo = s.indexOf(';', valueFrom);
        valueTo = valueTo < 0 || valueTo > to ? to : valueTo;
        valueFrom = Lex.skipOws(s, valueFrom, valueTo);
        valueTo = Lex.trimOwsEnd(s, valueFrom, valueTo);
        if (Lex.asciiEqualsIgnoreCase(s, keyFrom, keyTo, "remaining")) {
            m.remaining = Lex.count(s, valueFrom, valueTo);
        } else if (Lex.asciiEqualsIgnoreCase(s, keyFrom, keyTo, "reset")) {
            m.reset = Lex.digits(s, valueFrom, valueTo);
        } else if (Lex.asciiEqualsIgnoreCase(s, keyFrom, keyTo, "limit")) {
            m.quota = Lex.count(s, valueFrom, valueTo);
        }
    }

    /** {@code ;key=value} parameters from {@code i} (at a ';' or the end); the last of a repeated key wins. */
    private static void parameters(Member m, String s, int i, int to) {
        while (i < to) {
            int end = s.indexOf(';', i + 1);
            end = end < 0 || end > to ? to : end;
            int keyFrom = Lex.skipOws(s, i + 1, end);
            int eq = s.indexOf('=', keyFrom);
            if (eq > 0 && eq < end) {
                int keyTo = Lex.trimOwsEnd(s, keyFrom, eq);
                int valueFrom = Lex.skipOws(s, eq + 1, end);
                int valueTo = Lex.trimOwsEnd(s, valueFrom, end);
                if (keyTo - keyFrom == 1) {
                    long v = Lex.count(s, valueFrom, valueTo);
                    switch (s.charAt(keyFrom)) {
                        case 'r':
                            m.remaining = v;
                            break;
                        case 't':
                            m.reset = Lex.digits(s, valueFrom, valueTo);
                            break;
                        case 'q':
                            m.quota = v;
                            break;
                        case 'w':
                            m.window = v;
                            break;
                        default:
                            break;
                    }
                }
            }
            i = end;
        }
    }

    private static boolean isTokenStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '*';
    }

    private static boolean isTokenChar(char c) {
        return isTokenStart(c) || Lex.isDigit(c) || "!#$%&'+-.^_`|~:/".indexOf(c) >= 0;
    }

    @Override
    public String toString() {
        return "policy=" + policyName + ", remaining=" + remaining + ", resetNanos=" + resetNanos + ", quota=" + quota
                + ", windowSeconds=" + windowSeconds;
    }
}
