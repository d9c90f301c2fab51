package io.zero429.instrument.apache;

/**
 * The path of an HTTP request-target as Apache HttpClient keeps it: origin form ({@code /a/b?q}) or absolute form
 * ({@code http://host/a/b?q}, sent to proxies). Shared by the Apache 4 and 5 families; it takes only strings, so it
 * links to no client type (it lives on the bootstrap class path).
 */
public final class RequestTargets {
    private RequestTargets() {
    }

    /**
     * The raw (still percent-encoded) path of {@code target}, without query or fragment; null when the target has no
     * path ({@code null}, empty, {@code *}, an authority, an absolute URL without one), which {@code Hooks.match}
     * reads as {@code /}.
     */
    public static String path(String target) {
        if (target == null || target.isEmpty()) {
            return null;
        }
        int start = 0;
        if (target.charAt(0) != '/') {
            int scheme = target.indexOf("://");
            if (scheme < 0) {
                return null; // asterisk (OPTIONS *) or authority (CONNECT) form: no path
            }
            start = endOfPart(target, scheme + 3, "/?#");
            if (start == target.length() || target.charAt(start) != '/') {
                return null;
            }
        }
        int end = endOfPart(target, start, "?#");
        return start == 0 && end == target.length() ? target : target.substring(start, end);
    }

    /** The index of the first of {@code stops} at or after {@code from}, or the length. */
    private static int endOfPart(String text, int from, String stops) {
        for (int i = from; i < text.length(); i++) {
            if (stops.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return text.length();
    }
}
