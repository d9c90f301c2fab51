package io.zero429.instrument.jetty;

import io.zero429.instrument.Clients;
import io.zero429.instrument.Hooks;
import io.zero429.rules.Rule;
import net.bytebuddy.asm.Advice;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;

/**
 * Inlined into {@code HttpRequest.send(Response.CompleteListener)}, before Jetty looks for a destination or a
 * connection. A request that may go now goes on with its ticket ({@link JettySends}); one that must wait is not sent
 * now: the agent sends it again, the same request with the same listener, from its timer when the slot comes (no Jetty
 * thread waits; the blocking {@code send()} waits on its own future as it always does). Jetty starts a request's total
 * timeout when the request is queued, after this point, so the wait does not eat it.
 */
public final class SendAdvice {
    private SendAdvice() {
    }

    /** @return true to skip this send: the agent sends the request later */
    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    public static boolean enter(@Advice.This Request request, @Advice.Argument(0) Response.CompleteListener listener) {
        Rule rule = Hooks.match(request.getMethod(), request.getScheme(), request.getHost(), request.getPort(),
                request.getPath());
        if (rule == null) {
            return false;
        }
        String keyHeader = Hooks.keyHeader(rule);
        String keyValue = keyHeader == null ? null : request.getHeaders().get(keyHeader);
        return JettySends.start(request, listener, Response.CompleteListener.class, rule, keyValue,
                Clients.JETTY);
    }
}
