package io.zero429.instrument;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The response bodies of one client family being watched for body codes, by the object of the client's that carries
 * one exchange's content (a Reactor Netty connection, a Vert.x response): registered when the response's headers are
 * read, fed as the client receives each piece of content, and handed on at the last piece or when the exchange ends.
 */
public final class BodiesInFlight {
    private final Map<Object, BodyPrefix> watched = new ConcurrentHashMap<>();

    public void watch(Object exchange, BodyPrefix prefix) {
        watched.put(exchange, prefix);
    }

    /** The body watched on {@code exchange}, or null (the common case: nothing is watched, no lookup). */
    public BodyPrefix watched(Object exchange) {
        return watched.isEmpty() ? null : watched.get(exchange);
    }

    /** The body of {@code exchange} ended (or its exchange did): what was seen is handed on. */
    public void end(Object exchange) {
        if (!watched.isEmpty()) {
            BodyPrefix prefix = watched.remove(exchange);
            if (prefix != null) {
                prefix.end();
            }
        }
    }
}
