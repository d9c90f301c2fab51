package io.zero429.instrument.jdkhttp;

import io.zero429.Engine;
import io.zero429.instrument.Clients;
import io.zero429.instrument.Hooks;
import io.zero429.rules.Rule;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into {@code jdk.internal.net.http.HttpClientImpl.send}: waits for a slot before the request leaves, reads
 * the status and Retry-After when the response is back (and its body's first bytes, see {@link WatchedBodies}). {@code send} does not go through the public
 * {@code sendAsync}, so a blocking send is throttled exactly once.
 */
public final class SendAdvice {
    private SendAdvice() {
    }

    @Advice.OnMethodEnter
    public static Engine.Ticket enter(@Advice.Argument(0) HttpRequest request,
            @Advice.Argument(value = 1, readOnly = false, typing = Assigner.Typing.DYNAMIC)
            HttpResponse.BodyHandler<?> handler) throws IOException {
        Rule rule = Hooks.match(request.method(), request.uri());
        if (rule == null) {
            return null;
        }
        // Inlined into java.net.http: everything here must be a JDK type or a bootstrap agent class.
        String keyHeader = Hooks.keyHeader(rule);
        Engine.Ticket ticket = Hooks.admit(rule,
                keyHeader == null ? null : request.headers().firstValue(keyHeader).orElse(null), Clients.JDK_HTTP);
        handler = (HttpResponse.BodyHandler<?>) WatchedBodies.handler(handler, ticket);
        return ticket;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Engine.Ticket ticket, @Advice.Return HttpResponse<?> response) {
        if (ticket == null) {
            return;
        }
        if (response == null) {
            Hooks.failed(ticket);
            return;
        }
        int status = response.statusCode();
        String[] names = Hooks.signalHeaders(ticket, status);
        String[] values = names.length == 0 ? names : new String[names.length];
        for (int i = 0; i < names.length; i++) {
            // Several lines of one field (a RateLimit list) are joined; the usual absent or single line costs nothing.
            List<String> lines = response.headers().allValues(names[i]);
            values[i] = lines.size() > 1 ? String.join(", ", lines) : lines.isEmpty() ? null : lines.get(0);
        }
        Hooks.response(ticket, status, values);
    }
}
