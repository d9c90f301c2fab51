package io.zero429.instrument.jdkhttp;

import io.zero429.Engine;
import io.zero429.instrument.BodyPrefix;
import io.zero429.instrument.ForwardingHandler;
import io.zero429.instrument.Hooks;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lets a {@link BodyPrefix} see the first bytes of a JDK HttpClient response body: the application's
 * {@code BodyHandler} is replaced by one that returns its own {@code BodySubscriber}, wrapped. The wrapper copies from
 * duplicates of the buffers {@code onNext} delivers (their positions are left alone) before passing them on, and
 * hands the prefix on before {@code onComplete}/{@code onError} go through, so the signal is in place before the
 * application sees its response. Everything else is forwarded as it comes.
 *
 * <p>This class is on the bootstrap class path and cannot link {@code java.net.http} types: both wrappers are
 * {@link Proxy} instances of the public interfaces, defined in the platform class loader that holds them. A wrapped
 * subscriber is not one of the client's own ("trusted") subscribers, so the client calls its {@code getBody()} on its
 * executor rather than inline: a thread hop per response, paid only for rules whose limiters listen to body codes.
 */
public final class WatchedBodies {
    private static final String HANDLER = "java.net.http.HttpResponse$BodyHandler";
    private static final String SUBSCRIBER = "java.net.http.HttpResponse$BodySubscriber";

    private WatchedBodies() {
    }

    /**
     * {@code handler}, replaced by one that tells the limiters the response began when the client applies it to the
     * response's status and headers ({@link Hooks#answered}: the request reached the server by then), and that watches
     * the body if a limiter of the ticket's rule listens to body codes; {@code handler} on a fault. Without it the
     * agent would hear of the answer only when the send completes, after the body, which under load comes long after
     * (a window planned from answers then starts late). The subscriber itself stays the client's own unless the body
     * is watched: no thread hop.
     */
    public static Object handler(Object handler, Engine.Ticket ticket) {
        if (handler == null || ticket == null) {
            return handler;
        }
        boolean readsBody = Hooks.readsBody(ticket);
        try {
            return proxy(HANDLER, new ForwardingHandler(handler) {
                @Override
                protected Object call(Method method, Object[] args) throws Throwable {
                    boolean apply = method.getName().equals("apply");
                    if (apply) {
                        Hooks.answered(ticket);
                    }
                    Object subscriber = super.call(method, args);
                    if (subscriber == null || !apply || !readsBody) {
                        return subscriber;
                    }
                    BodyPrefix prefix = BodyPrefix.of(ticket);
                    return prefix == null ? subscriber : subscriber(subscriber, prefix);
                }
            });
        } catch (RuntimeException | ReflectiveOperationException | LinkageError e) {
            Hooks.faults().fault("watching a java.net.http response body", e);
            return handler;
        }
    }

    private static Object subscriber(Object subscriber, BodyPrefix prefix) {
        try {
            return proxy(SUBSCRIBER, new ForwardingHandler(subscriber) {
                @Override
                protected Object call(Method method, Object[] args) throws Throwable {
                    if (prefix.watching()) {
                        see(prefix, method.getName(), args);
                    }
                    return super.call(method, args);
                }
            });
        } catch (RuntimeException | ReflectiveOperationException | LinkageError e) {
            Hooks.faults().fault("watching a java.net.http response body", e);
            return subscriber;
        }
    }

    private static void see(BodyPrefix prefix, String method, Object[] args) {
        if (method.equals("onNext") && args != null && args.length == 1 && args[0] instanceof List) {
            for (Object item : (List<?>) args[0]) {
                if (!prefix.watching()) {
                    return;
                }
                if (item instanceof ByteBuffer) {
                    prefix.received((ByteBuffer) item);
                }
            }
        } else if (method.equals("onComplete") || method.equals("onError")) {
            prefix.end();
        }
    }

    private static Object proxy(String interfaceName, InvocationHandler handler) throws ClassNotFoundException {
        ClassLoader loader = ClassLoader.getPlatformClassLoader();
        return Proxy.newProxyInstance(loader, new Class<?>[] {INTERFACES.get(interfaceName, loader)}, handler);
    }

    /**
     * The two interfaces, looked up once: every limited request's handler is wrapped, so no class lookup per request.
     * Looked up on first use, not when the agent starts: an application that never uses the JDK client never loads it.
     */
    private static final class Interfaces {
        private final Map<String, Class<?>> byName = new ConcurrentHashMap<>();

        Class<?> get(String name, ClassLoader loader) throws ClassNotFoundException {
            Class<?> type = byName.get(name);
            if (type == null) {
                type = Class.forName(name, false, loader);
                byName.put(name, type);
            }
            return type;
        }
    }

    private static final Interfaces INTERFACES = new Interfaces();
}
