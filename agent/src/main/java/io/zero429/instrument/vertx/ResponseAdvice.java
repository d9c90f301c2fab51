package io.zero429.instrument.vertx;

import io.vertx.core.http.HttpClientResponse;
import io.zero429.Engine;
import io.zero429.instrument.BodyPrefix;
import io.zero429.instrument.Hooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code HttpClientRequestBase.handleResponse(HttpClientResponse)}, which Vert.x calls once per request
 * (each redirect hop is a request of its own) when the response's status and headers are in, before the request's
 * redirect handling and before the application hears of the response (interim 1xx responses go elsewhere). A body
 * some limiter listens to for codes is watched from here on ({@link VertxAttempt#BODIES}).
 */
public final class ResponseAdvice {
    private ResponseAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.This Object request, @Advice.Argument(0) HttpClientResponse response) {
        Engine.Ticket ticket = VertxAttempt.answer(request);
        if (ticket == null) {
            return;
        }
        Hooks.answered(ticket);
        int status = response.statusCode();
        String[] names = Hooks.signalHeaders(ticket, status);
        String[] values = names.length == 0 ? names : new String[names.length];
        for (int i = 0; i < names.length; i++) {
            values[i] = response.getHeader(names[i]);
        }
        Hooks.response(ticket, status, values);
        BodyPrefix body = BodyPrefix.of(ticket);
        if (body != null) {
            VertxAttempt.BODIES.watch(response, body);
        }
    }
}
