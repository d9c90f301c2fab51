package io.zero429.instrument;

import java.util.Collection;
import java.util.Map;
import java.util.TreeSet;

/**
 * HTTP clients the agent does not hook, each known by one class every application using it loads: when the JVM
 * loads that class the agent says, once, that this client's requests go unlimited and uncounted. Without this, a
 * request seen by no hook is invisible (no wait, no metric, no log line).
 */
public final class UnhookedClients {
    /** Internal class name (slashes) of a class the client always loads → the client as the log names it. */
    private static final Map<String, String> BY_CLASS = Map.of(
            "com/squareup/okhttp/OkHttpClient", "OkHttp 2.x (com.squareup.okhttp)",
            "org/apache/http/impl/nio/client/CloseableHttpAsyncClient", "Apache HttpAsyncClient 4",
            "org/asynchttpclient/DefaultAsyncHttpClient", "AsyncHttpClient (org.asynchttpclient)");

    private UnhookedClients() {
    }

    /** The client {@code internalName} (a class being loaded) belongs to, if it is one the agent does not hook. */
    static String named(String internalName) {
        return BY_CLASS.get(internalName);
    }

    /** Every client the agent knows and does not hook, for {@code check}. */
    public static Collection<String> all() {
        return new TreeSet<>(BY_CLASS.values());
    }
}
