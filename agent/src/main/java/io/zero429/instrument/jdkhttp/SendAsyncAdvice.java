package io.zero429.instrument.jdkhttp;

import io.zero429.Engine;
import io.zero429.Zero429Exception;
import io.zero429.instrument.Clients;
import io.zero429.instrument.Hooks;
import io.zero429.rules.Rule;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into the public three-argument {@code HttpClientImpl.sendAsync} (the two-argument one calls it). Never
 * blocks the caller: a request that must wait is not sent now; the caller gets a future at once and a timer sends
 * the request when its slot comes. A wait-timeout completes the future exceptionally.
 */
public final class SendAsyncAdvice {
    private SendAsyncAdvice() {
    }

    /** @return a replacement future (the original send is then skipped), or null to send now */
    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    public static CompletableFuture<?> enter(@Advice.This HttpClient client, @Advice.Argument(0) HttpRequest request,
            @Advice.Argument(value = 1, readOnly = false, typing = Assigner.Typing.DYNAMIC)
            HttpResponse.BodyHandler<?> handler,
            @Advice.Argument(2) HttpResponse.PushPromiseHandler<?> pushHandler,
            @Advice.Local("ticket") Engine.Ticket ticket) {
        Rule rule = Hooks.match(request.method(), request.uri());
        if (rule == null) {
            return null;
        }
        Hooks.Scheduled scheduled;
        try {
            String keyHeader = Hooks.keyHeader(rule);
            scheduled = Hooks.schedule(rule,
                    keyHeader == null ? null : request.headers().firstValue(keyHeader).orElse(null),
                    Clients.JDK_HTTP);
        } catch (Zero429Exception e) {
            return CompletableFuture.failedFuture(e);
        }
        if (scheduled == null) {
            return null;
        }
        handler = (HttpResponse.BodyHandler<?>) WatchedBodies.handler(handler, scheduled.ticket);
        if (scheduled.delayNanos == 0) {
            ticket = scheduled.ticket;
            return null;
        }
        return AsyncSends.later(client, request, handler, pushHandler, scheduled);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter CompletableFuture<?> replacement, @Advice.Local("ticket") Engine.Ticket ticket,
            @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) CompletableFuture<?> returned) {
        if (replacement != null) {
            returned = replacement;
        } else if (ticket != null && returned != null) {
            AsyncSends.watch(returned, ticket);
        } else if (ticket != null) {
            Hooks.failed(ticket); // sendAsync threw: the request never left
        }
    }
}
