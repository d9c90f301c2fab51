package io.zero429.instrument.vertx;

import io.zero429.instrument.Hooks;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A Vert.x request the agent does not let the client start now: refused, or held for its slot. A held request is
 * started later by calling the hooked method again with the same arguments, marked as admitted
 * ({@link Hooks#preAdmitted}: the mark is used up by that call's own rule match, so its advice lets it through and
 * no other request on the thread passes unmatched): 5.x's {@code request(RequestOptions)} from the request's Vert.x context (the agent
 * returns in its place a future of the timer composed with that call, {@link #resend}), or 4.5's {@code doRequest}
 * from the agent's timer (it completes the promise it is given, {@link #resendLater}). No connection is taken and no
 * Vert.x thread waits meanwhile.
 */
public final class VertxHeld {
    private final Throwable refusal;
    private final VertxAttempt attempt;
    private final Method resendWith;

    private VertxHeld(Throwable refusal, VertxAttempt attempt, Method resendWith) {
        this.refusal = refusal;
        this.attempt = attempt;
        this.resendWith = resendWith;
    }

    static VertxHeld refused(Throwable refusal) {
        return new VertxHeld(refusal, null, null);
    }

    static VertxHeld waiting(VertxAttempt attempt, Method resendWith) {
        return new VertxHeld(null, attempt, resendWith);
    }

    /** The refusal to fail the request with, or null for a request held for its slot. */
    public Throwable refusal() {
        return refusal;
    }

    /** Vert.x 5: completes when the slot comes, or exceptionally with the refusal (a wait over max-wait). */
    public CompletableFuture<Object> due() {
        return attempt.due();
    }

    /**
     * Vert.x 5: the function to {@code compose} onto {@link #due}: asks {@code client} for the request again
     * ({@code request(options)}) and returns its future, watched. What the client throws fails the composed future, as
     * it would have failed the application's call.
     */
    public Function<Object, Object> resend(Object client, Object options, Class<?> handlerType) {
        return admitted -> {
            Object future;
            try {
                future = call(client, new Object[] {options});
            } catch (Throwable e) {
                attempt.notSent();
                throw VertxApi.<RuntimeException>sneaky(e);
            }
            try {
                VertxApi.of(handlerType).watch(future, attempt.watcher(handlerType));
            } catch (ReflectiveOperationException | RuntimeException e) {
                Hooks.faults().fault("vert.x request watch", e);
                attempt.notSent();
            }
            return future;
        };
    }

    /**
     * Vert.x 4.5: when the slot comes, watches {@code promise} and starts the request ({@code doRequest} with
     * {@code args}) on the agent's timer thread ({@code doRequest} only asks the pool for a connection for the
     * promise's context); a refusal fails the promise.
     */
    public void resendLater(Object client, Object[] args, Object promise, Class<?> handlerType) {
        attempt.due().whenComplete((admitted, error) -> {
            VertxApi api;
            try {
                api = VertxApi.of(handlerType);
            } catch (ReflectiveOperationException | RuntimeException e) {
                Hooks.faults().fault("vert.x request watch", e);
                return;
            }
            if (error != null) {
                api.tryFail(promise, error);
                return;
            }
            try {
                api.watch(api.future(promise), attempt.watcher(handlerType));
            } catch (ReflectiveOperationException | RuntimeException e) {
                Hooks.faults().fault("vert.x request watch", e);
                attempt.notSent();
            }
            try {
                call(client, args);
            } catch (Throwable e) {
                attempt.notSent();
                api.tryFail(promise, e);
            }
        });
    }

    private Object call(Object client, Object[] args) throws Throwable {
        try {
            return Hooks.preAdmitted(() -> resendWith.invoke(client, args));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
