package io.zero429.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One pattern of a rule: {@code [METHOD[|METHOD]] host[:port][/path]}. Hosts match case-insensitively; no port
 * matches any port; no path matches every path.
 */
public final class RequestPattern {
    public static final int ANY_PORT = -1;

    private final String[] methods; // upper case; empty = any method
    private final String host;
    private final int port;
    private final PathGlob path; // null = any path

    private RequestPattern(String[] methods, String host, int port, PathGlob path) {
        this.methods = methods;
        this.host = host;
        this.port = port;
        this.path = path;
    }

    static RequestPattern parse(String text) {
        String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("empty pattern: expected [METHOD[|METHOD]] host[:port][/path]");
        }
        String[] words = trimmed.split("\\s+");
        if (words.length > 2) {
            throw new IllegalArgumentException("bad pattern '" + Text.shorten(text)
                    + "': expected [METHOD[|METHOD]] host[:port][/path]");
        }
        String[] methods = words.length == 2 ? methods(words[0], text) : new String[0];
        String target = words[words.length - 1];
        if (target.contains("://")) {
            throw new IllegalArgumentException("bad pattern '" + Text.shorten(text)
                    + "': leave out the scheme (" + target.substring(0, target.indexOf("://") + 3) + ")");
        }
        int slash = target.indexOf('/');
        String hostPort = slash < 0 ? target : target.substring(0, slash);
        PathGlob path = slash < 0 ? null : PathGlob.parse(target.substring(slash));
        int colon = hostPort.lastIndexOf(':');
        String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
        int port = colon < 0 ? ANY_PORT : port(hostPort.substring(colon + 1), text);
        if (host.isEmpty() || !host.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '.' || c == '-'
                || c == '_')) {
            throw new IllegalArgumentException("bad host '" + Text.shorten(host) + "' in pattern '"
                    + Text.shorten(text) + "'");
        }
        return new RequestPattern(methods, host.toLowerCase(Locale.ROOT), port, path);
    }

    private static String[] methods(String word, String text) {
        List<String> methods = new ArrayList<>();
        for (String m : word.split("\\|", -1)) {
            if (m.isEmpty() || !m.chars().allMatch(c -> c < 128 && Character.isLetter(c))) {
                throw new IllegalArgumentException("bad method '" + Text.shorten(m) + "' in pattern '"
                        + Text.shorten(text) + "'");
            }
            methods.add(m.toUpperCase(Locale.ROOT));
        }
        return methods.toArray(new String[0]);
    }

    private static int port(String text, String pattern) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("bad port '" + Text.shorten(text) + "' in pattern '" + Text.shorten(pattern)
                + "'");
    }

    /** @param port the request's port, or {@link #ANY_PORT} if unknown */
    boolean matches(String method, String requestHost, int requestPort, String requestPath) {
        if (!host.equalsIgnoreCase(requestHost)) {
            return false;
        }
        if (port != ANY_PORT && port != requestPort) {
            return false;
        }
        if (methods.length > 0 && !methodMatches(method)) {
            return false;
        }
        return path == null || path.matches(requestPath);
    }

    private boolean methodMatches(String method) {
        for (String m : methods) {
            if (m.equalsIgnoreCase(method)) {
                return true;
            }
        }
        return false;
    }

    /** True if every request this pattern matches is also matched by {@code earlier} (a cheap, safe check). */
    boolean isCoveredBy(RequestPattern earlier) {
        if (!earlier.host.equals(host)) {
            return false;
        }
        if (earlier.port != ANY_PORT && earlier.port != port) {
            return false;
        }
        if (earlier.methods.length > 0) {
            if (methods.length == 0) {
                return false;
            }
            for (String m : methods) {
                if (!java.util.Arrays.asList(earlier.methods).contains(m)) {
                    return false;
                }
            }
        }
        if (earlier.path == null) {
            return true;
        }
        return path != null && path.isCoveredBy(earlier.path);
    }

    @Override
    public String toString() {
        String m = methods.length == 0 ? "" : String.join("|", methods) + " ";
        return m + host + (port == ANY_PORT ? "" : ":" + port) + (path == null ? "" : path.toString());
    }
}
