package io.zero429.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * A path pattern: {@code *} matches within one segment, {@code **} any number of whole segments (zero included,
 * so {@code /v1/candles/**} matches {@code /v1/candles}). Matching walks the request path in place: no regex, no
 * split, no allocation. A query string or fragment in the request path is ignored.
 */
final class PathGlob {
    private static final String ANY_SEGMENTS = "**";

    private final String text;
    /** Pattern segments (what lies between slashes); {@code **} stands alone. */
    private final String[] segments;

    private PathGlob(String text, String[] segments) {
        this.text = text;
        this.segments = segments;
    }

    /** @param text a path starting with {@code /} */
    static PathGlob parse(String text) {
        if (!text.startsWith("/")) {
            throw new IllegalArgumentException("a path must start with '/': '" + Text.shorten(text) + "'");
        }
        List<String> parts = new ArrayList<>();
        int start = 1;
        while (true) {
            int slash = text.indexOf('/', start);
            String segment = slash < 0 ? text.substring(start) : text.substring(start, slash);
            if (segment.contains(ANY_SEGMENTS) && !segment.equals(ANY_SEGMENTS)) {
                throw new IllegalArgumentException("'**' must be a whole segment (/a/**/b), not part of one: '"
                        + Text.shorten(text) + "'");
            }
            if (segment.indexOf('?') >= 0 || segment.indexOf('#') >= 0) {
                throw new IllegalArgumentException("a path pattern cannot contain a query or fragment: '"
                        + Text.shorten(text) + "'");
            }
            parts.add(segment);
            if (slash < 0) {
                break;
            }
            start = slash + 1;
        }
        return new PathGlob(text, parts.toArray(new String[0]));
    }

    boolean matches(String path) {
        int end = pathEnd(path);
        int start = end > 0 && path.charAt(0) == '/' ? 1 : 0;
        if (end == 0) {
            return matchFrom(0, "/", 1, 1); // an empty path is "/"
        }
        return matchFrom(0, path, start, end);
    }

    /** Where the path proper ends: before a query or fragment. */
    private static int pathEnd(String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '?' || c == '#') {
                return i;
            }
        }
        return path.length();
    }

    /**
     * Does pattern segment {@code p} onwards match the path from {@code pos} (the start of a segment) to
     * {@code end}? {@code pos == end + 1} means no segment is left.
     */
    private boolean matchFrom(int p, String path, int pos, int end) {
        if (p == segments.length) {
            return pos > end;
        }
        if (segments[p].equals(ANY_SEGMENTS)) {
            // Zero segments, or swallow one and try again.
            if (matchFrom(p + 1, path, pos, end)) {
                return true;
            }
            if (pos > end) {
                return false;
            }
            return matchFrom(p, path, segmentEnd(path, pos, end) + 1, end);
        }
        if (pos > end) {
            return false;
        }
        int segEnd = segmentEnd(path, pos, end);
        return globMatches(segments[p], path, pos, segEnd) && matchFrom(p + 1, path, segEnd + 1, end);
    }

    private static int segmentEnd(String path, int pos, int end) {
        int slash = path.indexOf('/', pos);
        return slash < 0 || slash > end ? end : slash;
    }

    /** Wildcard match of {@code glob} ({@code *} = any run of characters) against path[from, to). */
    static boolean globMatches(String glob, String path, int from, int to) {
        int g = 0;
        int s = from;
        int starG = -1;
        int starS = -1;
        while (s < to) {
            if (g < glob.length() && glob.charAt(g) != '*' && glob.charAt(g) == path.charAt(s)) {
                g++;
                s++;
            } else if (g < glob.length() && glob.charAt(g) == '*') {
                starG = g++;
                starS = s;
            } else if (starG >= 0) {
                g = starG + 1;
                s = ++starS;
            } else {
                return false;
            }
        }
        while (g < glob.length() && glob.charAt(g) == '*') {
            g++;
        }
        return g == glob.length();
    }

    /**
     * True if every path this glob matches is also matched by {@code wider}, as far as a cheap check can tell:
     * identical globs, or {@code wider} is a literal prefix followed by {@code **} and this glob starts with that
     * literal prefix.
     */
    boolean isCoveredBy(PathGlob wider) {
        if (wider.text.equals(text)) {
            return true;
        }
        int last = wider.segments.length - 1;
        if (!wider.segments[last].equals(ANY_SEGMENTS) || segments.length < last) {
            return false;
        }
        for (int i = 0; i < last; i++) {
            String w = wider.segments[i];
            if (w.indexOf('*') >= 0 || !w.equals(segments[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return text;
    }
}
