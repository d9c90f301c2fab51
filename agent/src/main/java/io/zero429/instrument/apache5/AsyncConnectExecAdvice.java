package io.zero429.instrument.apache5;

import io.zero429.Zero429Exception;
import io.zero429.instrument.Clients;
import io.zero429.instrument.Hooks;
import io.zero429.instrument.apache.Attempt;
import io.zero429.instrument.apache.RequestTargets;
import io.zero429.rules.Rule;
import net.bytebuddy.asm.Advice;
import org.apache.hc.client5.http.async.AsyncExecCallback;
import org.apache.hc.client5.http.async.AsyncExecChain;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpRequest;

/**
 * Inlined into {@code AsyncConnectExec.execute(request, entityProducer, scope, chain, callback)}, which leases and
 * opens the connection; it runs on the caller's thread for a first attempt, on an I/O reactor thread for a redirect
 * hop, on the client's scheduler for a retry: it never waits.
 *
 * <p>A request that need not wait goes on, and {@link AsyncMainExecAdvice} admits it once its connection is open (see
 * {@link Attempt}). One that must wait reserves its slot now and is skipped; the same {@code execute} runs again when
 * the slot comes, from the agent's timer, marked as admitted, so no connection is held while it waits. A wait-timeout
 * fails the exchange through the callback, so the caller's future fails with it. Either way the callback passed on
 * reads the response of the attempt.
 */
public final class AsyncConnectExecAdvice {
    private AsyncConnectExecAdvice() {
    }

    /** @return true to skip {@code execute}: the request was refused, or it will be sent later */
    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
    public static boolean enter(@Advice.This Object handler, @Advice.Argument(0) HttpRequest request,
            @Advice.Argument(1) Object entityProducer, @Advice.Argument(2) AsyncExecChain.Scope scope,
            @Advice.Argument(3) Object chain,
            @Advice.Argument(value = 4, readOnly = false) AsyncExecCallback callback) {
        Attempt attempt;
        try {
            HttpHost target = scope.route.getTargetHost();
            Rule rule = Hooks.match(request.getMethod(), target.getSchemeName(), target.getHostName(),
                    target.getPort(), RequestTargets.path(request.getPath()));
            if (rule == null || !AsyncExecs.usable(AsyncExecCallback.class)) {
                return false;
            }
            String keyHeader = Hooks.keyHeader(rule);
            Header header = keyHeader == null ? null : request.getFirstHeader(keyHeader);
            attempt = Attempt.async(rule, header == null ? null : header.getValue(), request);
            if (attempt.isDeferred()) {
                scope.clientContext.setAttribute(Attempt.KEY, attempt);
                callback = (AsyncExecCallback) AsyncExecs.watching(AsyncExecCallback.class, callback, attempt);
                return false;
            }
        } catch (RuntimeException | LinkageError e) {
            Hooks.faults().fault("Apache HttpClient 5 async request", e);
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
        AsyncExecCallback watched = (AsyncExecCallback) AsyncExecs.watching(AsyncExecCallback.class, callback, attempt);
        if (scheduled.delayNanos > 0 && AsyncExecs.later(handler, request, entityProducer, scope, chain,
                AsyncExecCallback.class, watched, scheduled, attempt)) {
            return true;
        }
        callback = watched;
        return false;
    }
}
