package io.zero429.instrument.vertx;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpMethod;
import io.zero429.instrument.Hooks;
import io.zero429.rules.Rule;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into Vert.x 4.5's private {@code HttpClientImpl.doRequest(HttpMethod, SocketAddress server, String host,
 * int port, Boolean ssl, String requestURI, MultiMap headers, ..., PromiseInternal<HttpClientRequest>)}, which every
 * request and redirect hop of the client (and of a {@code WebClient}) passes through, host and port resolved, before a
 * connection is asked of the pool for the promise (4.5's public {@code request} methods do not all meet further out).
 * A request that may go now goes on, its promise watched ({@link VertxAttempt}); one that must wait is not started
 * now: the agent calls the method again with the same arguments from its timer when the slot comes
 * ({@link VertxHeld}); a refusal fails the promise.
 */
public final class Vertx4RequestAdvice {
    private Vertx4RequestAdvice() {
    }

    /** @return null, a {@link VertxAttempt}, or a {@link VertxHeld} (the call is skipped) */
    @Advice.OnMethodEnter(skipOn = VertxHeld.class, suppress = Throwable.class)
    public static Object enter(@Advice.This Object client, @Advice.Argument(0) HttpMethod method,
            @Advice.Argument(2) String host, @Advice.Argument(3) int port, @Advice.Argument(5) String uri,
            @Advice.Argument(6) MultiMap headers, @Advice.Argument(13) Object promise) {
        if (method == null || host == null) {
            return null;
        }
        Rule rule = VertxAttempt.rule(method.name(), host, port, uri);
        if (rule == null) {
            return null;
        }
        String keyHeader = Hooks.keyHeader(rule);
        String keyValue = keyHeader == null || headers == null ? null : headers.get(keyHeader);
        return VertxAttempt.start(rule, keyValue, client);
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.This Object client, @Advice.Enter Object entered,
            @Advice.AllArguments Object[] arguments, @Advice.Argument(13) Promise promise,
            @Advice.Thrown Throwable thrown) {
        if (entered instanceof VertxHeld) {
            VertxHeld held = (VertxHeld) entered;
            if (held.refusal() != null) {
                promise.tryFail(held.refusal());
            } else {
                held.resendLater(client, arguments, promise, Handler.class);
            }
        } else if (entered instanceof VertxAttempt) {
            VertxAttempt attempt = (VertxAttempt) entered;
            if (thrown != null) {
                attempt.notSent();
            } else {
                Handler watcher = (Handler) attempt.watcher(Handler.class);
                promise.future().onComplete(watcher, watcher);
            }
        }
    }
}
