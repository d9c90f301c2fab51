package io.zero429.instrument.okhttp;

import io.zero429.Engine;
import io.zero429.instrument.Clients;
import io.zero429.instrument.Hooks;
import io.zero429.rules.Rule;
import java.io.IOException;
import net.bytebuddy.asm.Advice;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Inlined into {@code ConnectInterceptor.intercept(Chain)}: waits for a slot before the attempt takes a connection,
 * and reads the status and Retry-After of the response the attempt got back (its body: {@link OkHttpBodies}).
 *
 * <p>Why here: {@code RetryAndFollowUpInterceptor} calls this once per wire attempt (first request, each redirect,
 * auth challenge, 408/503 repeat and connection-failure retry), after the cache had its say (a cache hit never gets
 * here; a conditional request does, and it does go on the wire), and before a pooled connection is held, so a waiting
 * call blocks no other call's connection. Application interceptors that call {@code proceed} several times reach it
 * once per call too. {@code execute()} waits on the caller's thread. An enqueued call's first attempt waited
 * before the call reached the Dispatcher and claims the slot reserved then ({@link HeldCalls}); its later attempts
 * wait here, on the Dispatcher thread that runs the call.
 *
 * <p>A wait-timeout is thrown from here as the {@link io.zero429.Zero429WaitTimeoutException} itself: OkHttp hands it
 * unwrapped to {@code execute()}'s caller or to {@code Callback.onFailure}, and {@link RefusalIsFinalAdvice} stops
 * OkHttp from retrying it on another route.
 */
public final class ConnectAdvice {
    private ConnectAdvice() {
    }

    @Advice.OnMethodEnter
    public static Engine.Ticket enter(@Advice.Argument(0) Interceptor.Chain chain) throws IOException {
        Rule rule;
        String keyValue;
        // An enqueued call's first attempt: its slot was reserved at enqueue (HeldCalls); throws its refusal.
        Object reserved = HeldCalls.claim(chain.call());
        if (reserved != HeldCalls.NONE) {
            if (reserved != null) {
                StaleConnections.limitedAttemptStarts();
            }
            return (Engine.Ticket) reserved;
        }
        try {
            Request request = chain.request();
            HttpUrl url = request.url();
            rule = Hooks.match(request.method(), url.scheme(), url.host(), url.port(), url.encodedPath());
            if (rule == null) {
                return null;
            }
            String keyHeader = Hooks.keyHeader(rule);
            keyValue = keyHeader == null ? null : request.header(keyHeader);
        } catch (RuntimeException | LinkageError fault) {
            // Fail-open: an OkHttp whose API moved (a linkage error) or any other surprise leaves the call untouched.
            Hooks.faults().fault("okhttp request reading", fault);
            return null;
        }
        // Throws only the documented IOExceptions (wait-timeout, interrupted wait); its own faults return null.
        Engine.Ticket ticket = Hooks.admit(rule, keyValue, Clients.OKHTTP);
        if (ticket != null) {
            StaleConnections.limitedAttemptStarts();
        }
        return ticket;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Engine.Ticket ticket, @Advice.Return Response response) {
        if (ticket == null) {
            return;
        }
        StaleConnections.limitedAttemptEnds();
        if (response == null) {
            Hooks.failed(ticket);
            return;
        }
        try {
            int status = response.code();
            String[] names = Hooks.signalHeaders(ticket, status);
            String[] values = names.length == 0 ? names : new String[names.length];
            for (int i = 0; i < names.length; i++) {
                values[i] = response.header(names[i]); // the last line of a field: no allocation per response
            }
            Hooks.response(ticket, status, values);
            OkHttpBodies.expect(ticket, status);
        } catch (RuntimeException | LinkageError fault) {
            Hooks.failed(ticket);
            Hooks.faults().fault("okhttp response reading", fault);
        }
    }
}
