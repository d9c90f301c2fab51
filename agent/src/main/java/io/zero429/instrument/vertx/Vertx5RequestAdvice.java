package io.zero429.instrument.vertx;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.zero429.instrument.Hooks;
import io.zero429.rules.Rule;
import java.util.function.Function;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into Vert.x 5's {@code HttpClientImpl.request(RequestOptions)}, which every request of the client (whatever
 * {@code request} overload the application calls), each redirect hop it follows and every request of a
 * {@code WebClient} passes through before a connection is taken from the pool, and which returns the future of the
 * request object. (The private methods behind it change between 5.x releases; this one does not.) A request that may
 * go now goes on, its future watched ({@link VertxAttempt}); one that must wait is not started: the agent returns a
 * future of its timer composed with the same call, made on the caller's Vert.x context when the slot comes
 * ({@link VertxHeld}); a refusal is a failed future. On a 4.5 client this advice decides nothing
 * ({@link Vertx4RequestAdvice} does, further in). Inlined into Vert.x's own class, this advice may name Vert.x types;
 * the classes it calls may not.
 */
public final class Vertx5RequestAdvice {
    private Vertx5RequestAdvice() {
    }

    /** @return null, a {@link VertxAttempt}, or a {@link VertxHeld} (the call is skipped) */
    @Advice.OnMethodEnter(skipOn = VertxHeld.class, suppress = Throwable.class)
    public static Object enter(@Advice.This Object client, @Advice.Argument(0) RequestOptions options) {
        if (options == null || options.getMethod() == null) {
            return null;
        }
        String host = options.getHost();
        Integer port = options.getPort();
        Object server = options.getServer();
        if (server instanceof SocketAddress) {
            SocketAddress address = (SocketAddress) server;
            host = host != null ? host : address.host();
            port = port != null ? port : Integer.valueOf(address.port());
        }
        Rule rule = VertxAttempt.rule(client, options.getMethod().name(), host, port, options.getURI());
        if (rule == null) {
            return null;
        }
        String keyHeader = Hooks.keyHeader(rule);
        MultiMap headers = options.getHeaders();
        String keyValue = keyHeader == null || headers == null ? null : headers.get(keyHeader);
        return VertxAttempt.start(rule, keyValue, client);
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.This Object client, @Advice.Enter Object entered,
            @Advice.Argument(0) RequestOptions options, @Advice.FieldValue("vertx") Vertx vertx,
            @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Future returned) {
        if (entered instanceof VertxHeld) {
            VertxHeld held = (VertxHeld) entered;
            if (held.refusal() != null) {
                returned = Future.failedFuture(held.refusal());
            } else {
                Function resend = held.resend(client, options, Handler.class);
                returned = Future.fromCompletionStage(held.due(), vertx.getOrCreateContext()).compose(resend);
            }
        } else if (entered instanceof VertxAttempt) {
            VertxAttempt attempt = (VertxAttempt) entered;
            if (returned == null) {
                attempt.notSent();
            } else {
                Handler watcher = (Handler) attempt.watcher(Handler.class);
                returned.onComplete(watcher, watcher);
            }
        }
    }
}
