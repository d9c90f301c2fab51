package io.zero429.instrument;

import io.zero429.Engine;
import java.io.InputStream;
import java.lang.ref.WeakReference;

/**
 * One response body being watched, and the watched stream handed out for it. Clients hand out the same body stream
 * each time they are asked (or a fresh view of the same bytes), so the application gets the same watched stream for
 * the same client stream, and every stream over this body feeds the same {@link BodyPrefix}.
 *
 * <p>The streams are held weakly: a client's body stream often refers back to its connection or response, which
 * the hooks keep in maps with weak keys.
 */
public final class WatchedBody {
    private final BodyPrefix prefix;
    private WeakReference<InputStream> client = new WeakReference<>(null);
    private WeakReference<InputStream> watched = new WeakReference<>(null);

    private WatchedBody(BodyPrefix prefix) {
        this.prefix = prefix;
    }

    /** A watcher for the body of the response to {@code ticket}, or null when no limiter listens to body codes. */
    public static WatchedBody of(Engine.Ticket ticket) {
        BodyPrefix prefix = BodyPrefix.of(ticket);
        return prefix == null ? null : new WatchedBody(prefix);
    }

    public BodyPrefix prefix() {
        return prefix;
    }

    /** The stream to hand the application instead of {@code returned} (the client's body stream, or null). */
    public synchronized InputStream watched(InputStream returned) {
        InputStream handedOut = watched.get();
        if (returned == null || returned == handedOut) {
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
