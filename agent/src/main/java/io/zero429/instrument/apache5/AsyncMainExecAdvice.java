package io.zero429.instrument.apache5;

import io.zero429.Zero429Exception;
import io.zero429.instrument.Clients;
import io.zero429.instrument.Hooks;
import io.zero429.instrument.apache.Attempt;
import net.bytebuddy.asm.Advice;
import org.apache.hc.client5.http.async.AsyncExecCallback;
import org.apache.hc.client5.http.async.AsyncExecChain;
import org.apache.hc.core5.http.HttpRequest;

/**
 * Inlined into {@code HttpAsyncMainClientExec.execute} and {@code H2AsyncMainClientExec.execute}, which send the
 * request on its open connection: admits the attempt {@link AsyncConnectExecAdvice} deferred (see {@link Attempt}),
 * normally without a wait. A request that lost a race for its slot is skipped and this {@code execute} runs again
 * from the agent's timer when the slot comes (holding its connection for that short while, never a thread); a
 * wait-timeout fails the exchange through the callback.
 */
public final class AsyncMainExecAdvice {
    private AsyncMainExecAdvice() {
    }

    /** @return true to skip {@code execute}: the request was refused, or it will be sent later */
    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
    public static boolean enter(@Advice.This Object handler, @Advice.Argument(0) HttpRequest request,
            @Advice.Argument(1) Object entityProducer, @Advice.Argument(2) AsyncExecChain.Scope scope,
            @Advice.Argument(3) Object chain, @Advice.Argument(4) AsyncExecCallback callback) {
        Attempt attempt;
        try {
            attempt = Attempt.deferredFor(scope.clientContext.getAttribute(Attempt.KEY), request);
            if (attempt == null) {
                return false;
            }
            scope.clientContext.removeAttribute(Attempt.KEY);
        } catch (RuntimeException | LinkageError e) {
            Hooks.faults().fault("Apache HttpClient 5 async wire point", e);
            return false;
        }
        Hooks.Scheduled scheduled;
        try {
            scheduled = Hooks.schedule(attempt.rule(), attempt.keyValue(), Clients.APACHE_5_ASYNC);
        } catch (Zero429Exception e) {
            callback.failed(e);
            return true;
        }
        if (scheduled == null) {
            return false;
        }
        attempt.admitted(scheduled.ticket);
        return scheduled.delayNanos > 0 && AsyncExecs.later(handler, request, entityProducer, scope, chain,
                AsyncExecCallback.class, callback, scheduled, attempt);
    }
}
