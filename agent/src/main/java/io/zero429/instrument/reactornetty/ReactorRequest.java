package io.zero429.instrument.reactornetty;

/**
 * The method and target of a Reactor Netty request, read from its request handler's {@code toString()}:
 * {@code {uri=http://host:port/path?query, method=GET}} in every Reactor Netty 1.x (the handler's type is private to
 * Reactor Netty; the string is its one public view). {@code ws}/{@code wss} are matched as {@code http}/{@code https}.
 */
final class ReactorRequest {
    private static final String URI_PREFIX = "{uri=";
    private static final String METHOD_INFIX = ", method=";

    final String method;
    final String scheme;
    final String host;
    /** -1: the scheme's default. */
    final int port;
    final String rawPath;

    private ReactorRequest(String method, String scheme, String host, int port, String rawPath) {
        this.method = method;
        this.scheme = scheme;
        this.host = host;
        this.port = port;
        this.rawPath = rawPath;
    }

    /** The request {@code text} describes, or null when it is not in the form above. */
    static ReactorRequest parse(String text) {
        int methodAt = text.lastIndexOf(METHOD_INFIX);
        if (!text.startsWith(URI_PREFIX) || !text.endsWith("}") || methodAt < URI_PREFIX.length()) {
            return null;
        }
        String method = text.substring(methodAt + METHOD_INFIX.length(), text.length() - 1);
        String url = text.substring(URI_PREFIX.length(), methodAt);
        int schemeEnd = url.indexOf("://");
        if (schemeEnd <= 0 || method.isEmpty()) {
            return null;
        }
        String scheme = url.substring(0, schemeEnd);
        scheme = scheme.equals("ws") ? "http" : scheme.equals("wss") ? "https" : scheme;
        int authorityStart = schemeEnd + 3;
        int pathStart = firstOf(url, authorityStart, '/', '?');
        String authority = url.substring(authorityStart, pathStart);
        int queryStart = url.indexOf('?', pathStart);
        String rawPath = url.substring(pathStart, queryStart < 0 ? url.length() : queryStart);
        int portColon = authority.lastIndexOf(':');
        if (portColon > authority.lastIndexOf(']')) { // host:port, [v6]:port; not the colons inside [v6]
            try {
                int port = Integer.parseInt(authority.substring(portColon + 1));
                return new ReactorRequest(method, scheme, authority.substring(0, portColon), port, rawPath);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return new ReactorRequest(method, scheme, authority, -1, rawPath);
    }

    private static int firstOf(String text, int from, char a, char b) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == a || c == b) {
                return i;
            }
        }
        return text.length();
    }
}
