package io.zero429.instrument.urlconnection;

import io.zero429.Engine;
import io.zero429.instrument.WatchedBody;
import java.io.InputStream;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The body watchers of {@code HttpURLConnection}s whose limiters listen to body codes. The body is the stream that
 * {@code getInputStream()} (2xx) or {@code getErrorStream()} (4xx/5xx) returns, as often as the application asks: the
 * connection hands out the same stream each time, so the application gets the same watched stream each time.
 *
 * <p>Keys are weak, and values never refer to the connection (the client's stream, an inner object of it, is held
 * weakly), so a connection dropped without reading its body leaves nothing behind.
 */
public final class ConnectionBodies {
    private static final Map<Object, WatchedBody> BODIES = Collections.synchronizedMap(new WeakHashMap<>());
    /** Set by the first watched body: until then no lookup is made (the default configuration reads no body). */
    private static volatile boolean any;

    private ConnectionBodies() {
    }

    /** The response to {@code ticket} arrived on {@code connection}: its body will be watched if a limiter listens. */
    public static void expect(Object connection, Engine.Ticket ticket) {
        WatchedBody body = WatchedBody.of(ticket);
        if (body != null) {
            any = true;
            BODIES.put(connection, body);
        }
    }

    /** The stream to give the application instead of {@code returned}: a watched one if the body is being watched. */
    public static InputStream watched(Object connection, InputStream returned) {
        if (!any || returned == null) {
            return returned;
        }
        WatchedBody body = BODIES.get(connection);
        return body == null ? returned : body.watched(returned);
    }
}
