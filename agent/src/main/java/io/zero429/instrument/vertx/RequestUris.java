package io.zero429.instrument.vertx;

/** The path a rule matches, from the request URI Vert.x writes on the request line. */
final class RequestUris {
    private RequestUris() {
    }

    /**
     * The raw path of {@code uri}: origin form ({@code /a/b?q}) or absolute form ({@code http://host:port/a/b?q}, which
     * Vert.x writes for a plain HTTP proxy), without query or fragment; null for none (the root).
     */
    static String rawPath(String uri) {
        if (uri == null) {
            return null;
        }
        int start = 0;
        int scheme = uri.indexOf("://");
        if (scheme > 0 && isScheme(uri, scheme)) {
            start = scheme + 3;
            while (start < uri.length() && "/?#".indexOf(uri.charAt(start)) < 0) {
                start++; // the authority ends at the path, the query or the fragment
            }
            if (start == uri.length() || uri.charAt(start) != '/') {
                return null;
            }
        }
        int end = uri.length();
        for (int i = start; i < end; i++) {
            char c = uri.charAt(i);
            if (c == '?' || c == '#') {
                end = i;
                break;
            }
        }
        return start == end ? null : uri.substring(start, end);
    }

    /** Whether {@code uri} up to {@code end} is a URI scheme (a letter, then letters, digits, '+', '-', '.'). */
    private static boolean isScheme(String uri, int end) {
        if (!Character.isLetter(uri.charAt(0))) {
            return false;
        }
        for (int i = 1; i < end; i++) {
            char c = uri.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.')) {
                return false;
            }
        }
        return true;
    }
}
