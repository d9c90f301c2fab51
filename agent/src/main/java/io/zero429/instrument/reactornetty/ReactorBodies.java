package io.zero429.instrument.reactornetty;

import io.zero429.instrument.BodyPrefix;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bodies being watched for body codes, by the Reactor Netty connection (its {@code HttpClientOperations}, one per
 * exchange) they arrive on: registered when the response's headers are read, fed by {@link InboundAdvice} as
 * Reactor Netty receives each piece of content, and handed on at the last one or when the exchange ends.
 */
public final class ReactorBodies {
    private static final Map<Object, BodyPrefix> WATCHED = new ConcurrentHashMap<>();

    private ReactorBodies() {
    }

    static void watch(Object connection, BodyPrefix prefix) {
        WATCHED.put(connection, prefix);
    }

    /** The body watched on {@code connection}, or null (the common case: nothing is watched, no lookup). */
    public static BodyPrefix watched(Object connection) {
        return WATCHED.isEmpty() ? null : WATCHED.get(connection);
    }

    /** The body on {@code connection} ended (or its exchange did): what was seen is handed on. */
    public static void end(Object connection) {
        if (!WATCHED.isEmpty()) {
            BodyPrefix prefix = WATCHED.remove(connection);
            if (prefix != null) {
                prefix.end();
            }
        }
    }
}
