package io.zero429.instrument.apache;

import io.zero429.Engine;
import io.zero429.instrument.ForwardingHandler;
import io.zero429.instrument.Hooks;
import io.zero429.instrument.WatchedBody;
import io.zero429.instrument.WatchedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The body watchers of classic Apache HttpClient responses (4.5 and 5.x) whose limiters listen to body codes. The
 * exec-chain hook registers the response it saw come back; the application gets that response as a
 * {@code CloseableHttpResponse}, whose {@code getEntity()} hands out the entity as the chain left it (decompressed by
 * 4.5's {@code ResponseContentEncoding} or 5.x's {@code ContentCompressionExec}, which work above the hook). That
 * entity is handed out watched: a {@link Proxy} of the client's {@code HttpEntity} (this class is on the bootstrap
 * class path and cannot link Apache types) that watches the stream of {@code getContent()} and what
 * {@code writeTo(out)} writes, and forwards everything else.
 *
 * <p>Keys are weak and values hold the entities weakly, so a response the application drops leaves nothing behind.
 */
public final class ResponseBodies {
    public static final ResponseBodies APACHE4 = new ResponseBodies("org.apache.http.HttpEntity",
            "Apache HttpClient 4");
    public static final ResponseBodies APACHE5 = new ResponseBodies("org.apache.hc.core5.http.HttpEntity",
            "Apache HttpClient 5");
    private final String entityInterface;
    private final String clientName;
    private final Map<Object, Body> bodies = Collections.synchronizedMap(new WeakHashMap<>());
    /** Set by the first watched body: until then no lookup is made (the default configuration reads no body). */
    private volatile boolean any;

    private ResponseBodies(String entityInterface, String clientName) {
        this.entityInterface = entityInterface;
        this.clientName = clientName;
    }

    /** {@code response} came back for the request of {@code ticket}: its body is watched if a limiter listens. */
    public void expect(Object response, Engine.Ticket ticket) {
        WatchedBody body = response == null ? null : WatchedBody.of(ticket);
        if (body != null) {
            any = true;
            bodies.put(response, new Body(body));
        }
    }

    /**
     * The entity to give the application instead of {@code entity}, from {@code CloseableHttpResponse.getEntity()}.
     *
     * @param response the {@code CloseableHttpResponse}
     * @param adapted the response it wraps (null if none)
     */
    public Object entity(Object response, Object adapted, Object entity) {
        if (!any || entity == null) {
            return entity;
        }
        Body body = bodies.get(response);
        if (body == null && adapted != null) {
            body = bodies.get(adapted);
        }
        return body == null ? entity : body.entity(entity);
    }

    /** One watched body and the entity handed out for it. */
    private final class Body {
        private final WatchedBody body;
        private WeakReference<Object> client = new WeakReference<>(null);
        private WeakReference<Object> watched = new WeakReference<>(null);

        Body(WatchedBody body) {
            this.body = body;
        }

        synchronized Object entity(Object entity) {
            Object handedOut = watched.get();
            if (entity == handedOut) {
                return entity;
            }
            if (handedOut != null && client.get() == entity) {
                return handedOut;
            }
            try {
                Class<?> type = Class.forName(entityInterface, false, entity.getClass().getClassLoader());
                Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                        new WatchedEntity(entity, body));
                client = new WeakReference<>(entity);
                watched = new WeakReference<>(proxy);
                return proxy;
            } catch (RuntimeException | ReflectiveOperationException | LinkageError e) {
                Hooks.faults().fault("watching an " + clientName + " response body", e);
                return entity;
            }
        }
    }

    /** Stands in for one {@code HttpEntity}: its content stream, or what it writes, goes by the body's watcher. */
    private static final class WatchedEntity extends ForwardingHandler {
        private final WatchedBody body;

        WatchedEntity(Object entity, WatchedBody body) {
            super(entity);
            this.body = body;
        }

        @Override
        protected Object call(Method method, Object[] args) throws Throwable {
            if (args == null && method.getName().equals("getContent")) {
                Object content = super.call(method, args);
                return content instanceof InputStream ? body.watched((InputStream) content) : content;
            }
            if (args != null && args.length == 1 && args[0] instanceof OutputStream
                    && method.getName().equals("writeTo") && body.prefix().watching()) {
                try {
                    return super.call(method, new Object[] {new WatchedOutputStream((OutputStream) args[0],
                            body.prefix())});
                } finally {
                    body.prefix().end();
                }
            }
            return super.call(method, args);
        }
    }
}
