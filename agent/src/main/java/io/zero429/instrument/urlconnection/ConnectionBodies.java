package io.zero429.instrument.urlconnection;

import io.zero429.Engine;
import io.zero429.instrument.BodyPrefix;
import io.zero429.instrument.WatchedInputStream;
import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The body watchers of {@code HttpURLConnection}s whose limiters listen to body codes. The body is the stream that
 * {@code getInputStream()} (2xx) or {@code getErrorStream()} (4xx/5xx) returns, as often as the application asks: the
 * connection hands out the same stream each time, so the application gets the same watched stream each time.
 *
 * <p>Keys are weak, and values never refer to the connection (the client's stream is an inner object of it: it is
 * held weakly), so a connection dropped without reading its body leaves nothing behind.
 */
public final class ConnectionBodies {
    private static final Map<Object, Body> BODIES = Collections.synchronizedMap(new WeakHashMap<>());
    /** Set by the first watched body: until then no lookup is made (the default configuration reads no body). */
    private static volatile boolean any;

    private ConnectionBodies() {
    }

    /** The response to {@code ticket} arrived on {@code connection}: its body will be watched if a limiter listens. */
    public static void expect(Object connection, Engine.Ticket ticket) {
        BodyPrefix prefix = BodyPrefix.of(ticket);
        if (prefix != null) {
            any = true;
            BODIES.put(connection, new Body(prefix));
        }
    }

    /** The stream to give the application instead of {@code returned}: a watched one if the body is being watched. */
    public static InputStream watched(Object connection, InputStream returned) {
        if (!any || returned == null) {
            return returned;
        }
        Body body = BODIES.get(connection);
        return body == null ? returned : body.watched(returned);
    }

    /** The watcher of one body and the watched stream handed out for it. */
    private static final class Body {
        private final BodyPrefix prefix;
        private WeakReference<InputStream> client = new WeakReference<>(null);
        private WeakReference<InputStream> watched = new WeakReference<>(null);

        Body(BodyPrefix prefix) {
            this.prefix = prefix;
        }

        synchronized InputStream watched(InputStream returned) {
            InputStream handedOut = watched.get();
            if (returned == handedOut) {
                return returned;
            }
            if (handedOut != null && client.get() == returned) {
                return handedOut;
            }
            InputStream stream = new WatchedInputStream(returned, prefix);
            client = new WeakReference<>(returned);
            watched = new WeakReference<>(stream);
            return stream;
        }
    }
}
