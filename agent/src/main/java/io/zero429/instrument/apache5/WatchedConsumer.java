package io.zero429.instrument.apache5;

import io.zero429.Engine;
import io.zero429.instrument.BodyPrefix;
import io.zero429.instrument.ForwardingHandler;
import io.zero429.instrument.Hooks;
import io.zero429.instrument.WatchedBody;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;

/**
 * Stands in for the {@code AsyncDataConsumer} an attempt's callback returned for the response body (as a
 * {@link Proxy} of the client's interface): every call goes to it unchanged, and the bytes of each
 * {@code consume(ByteBuffer)} are copied, before the consumer takes them, into a {@link BodyPrefix}. The async client
 * decompresses nothing (5.5 has no async content-compression step), so these are the bytes the application's
 * consumer gets.
 */
final class WatchedConsumer extends ForwardingHandler {
    private final BodyPrefix prefix;

    private WatchedConsumer(Object consumer, BodyPrefix prefix) {
        super(consumer);
        this.prefix = prefix;
    }

    /**
     * The consumer to hand the client instead of {@code consumer} (returned as {@code type}, an interface), watched
     * if a limiter of {@code ticket}'s rule listens to body codes; else {@code consumer} itself.
     */
    static Object watch(Object consumer, Class<?> type, Engine.Ticket ticket) {
        WatchedBody body = consumer == null ? null : WatchedBody.of(ticket);
        if (body == null || !type.isInterface()) {
            return consumer;
        }
        try {
            return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                    new WatchedConsumer(consumer, body.prefix()));
        } catch (RuntimeException | LinkageError e) {
            Hooks.faults().fault("watching an Apache HttpClient 5 async response body", e);
            return consumer;
        }
    }

    @Override
    protected Object call(Method method, Object[] args) throws Throwable {
        String name = method.getName();
        if (args != null && args.length == 1 && args[0] instanceof ByteBuffer && name.equals("consume")) {
            if (prefix.watching()) {
                prefix.received((ByteBuffer) args[0]); // the consumer takes all of it; copied from a duplicate
            }
            return super.call(method, args);
        }
        if ((args != null && args.length == 1 && name.equals("streamEnd"))
                || (args == null && name.equals("releaseResources"))) {
            // Before the consumer hears of it: its streamEnd completes the application's future, and the application
            // must find the body's signal (a pause, a cut) already in force when it sees the response.
            prefix.end();
            return super.call(method, args);
        }
        return super.call(method, args);
    }
}
