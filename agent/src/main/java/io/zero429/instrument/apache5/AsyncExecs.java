package io.zero429.instrument.apache5;

import io.zero429.instrument.Hooks;
import io.zero429.instrument.apache.Attempt;
import java.lang.reflect.Proxy;

/**
 * What the async advice calls: a callback that reads the response of an attempt, and a delayed chain step.
 * Everything is an {@code Object} here (see {@link AsyncApi}); each method falls back to the client's own behaviour
 * when the agent cannot do its part.
 */
public final class AsyncExecs {
    private AsyncExecs() {
    }

    /**
     * Whether the agent can delay and watch this client's async exchanges; false (logged once) when its API is not
     * what the agent expects, and then the request goes on unthrottled. Asked before admission, so the one-time
     * set-up never sits between a request's admission and its departure.
     *
     * @param callbackType the client's {@code AsyncExecCallback} interface
     */
    public static boolean usable(Class<?> callbackType) {
        return AsyncApi.of(callbackType) != null;
    }

    /**
     * {@code callback} wrapped so that the response it receives reaches {@code attempt}; {@code callback} itself if it
     * cannot be wrapped (the request goes on, its response unread).
     *
     * @param callbackType the client's {@code AsyncExecCallback} interface
     */
    public static Object watching(Class<?> callbackType, Object callback, Attempt attempt) {
        AsyncApi api = AsyncApi.of(callbackType);
        if (api == null) {
            return callback;
        }
        try {
            return Proxy.newProxyInstance(callbackType.getClassLoader(), new Class<?>[] {callbackType},
                    new WatchedCallback(callback, attempt, api));
        } catch (RuntimeException | LinkageError e) {
            Hooks.faults().fault("Apache HttpClient 5 async response watch", e);
            return callback;
        }
    }

    /**
     * Runs {@code handler.execute(request, entityProducer, scope, chain, callback)} when the request's slot (and its
     * concurrency permits) come, on the agent's timer, marked as already admitted, so neither the caller nor an I/O
     * reactor thread ever waits; the ticket it gets goes to {@code attempt}. A refusal fails the callback. The
     * handler is an exec-chain step that does not block (lease and connect complete through callbacks, sending is
     * handed to the I/O reactor). Returns false if it cannot be scheduled: the caller then goes on at once.
     */
    public static boolean later(Object handler, Object request, Object entityProducer, Object scope, Object chain,
            Class<?> callbackType, Object callback, Hooks.Scheduled scheduled, Attempt attempt) {
        AsyncApi api = AsyncApi.of(callbackType);
        if (api == null) {
            scheduled.abandon();
            return false;
        }
        try {
            scheduled.due().whenComplete((ticket, refusal) -> {
                if (refusal != null) {
                    api.fail(callback, refusal);
                    return;
                }
                attempt.admitted(ticket);
                try {
                    Hooks.preAdmitted(() -> {
                        api.execute(handler, request, entityProducer, scope, chain, callback);
                        return null;
                    });
                } catch (Exception e) {
                    api.fail(callback, e); // not reached: AsyncApi.execute reports everything to the callback
                }
            });
            return true;
        } catch (RuntimeException e) {
            Hooks.faults().fault("Apache HttpClient 5 delayed send", e);
            scheduled.abandon();
            return false;
        }
    }
}
