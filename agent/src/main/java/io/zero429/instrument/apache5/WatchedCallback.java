package io.zero429.instrument.apache5;

import io.zero429.instrument.apache.Attempt;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Stands in for the {@code AsyncExecCallback} of one attempt (as a {@link java.lang.reflect.Proxy} of the
 * client's interface): forwards every call and reads the response in {@code handleResponse}, the one call per
 * exchange that carries the final response (informational ones go to {@code handleInformationResponse}).
 */
final class WatchedCallback implements InvocationHandler {
    private final Object callback;
    private final Attempt attempt;
    private final AsyncApi api;

    WatchedCallback(Object callback, Attempt attempt, AsyncApi api) {
        this.callback = callback;
        this.attempt = attempt;
        this.api = api;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            switch (method.getName()) {
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                default:
                    return "zero429 watching " + callback;
            }
        }
        if (args != null && args.length == 2 && method.getName().equals("handleResponse")) {
            api.signal(attempt, args[0]);
        } else if (args != null && args.length == 1 && method.getName().equals("failed")) {
            attempt.failed(); // no response came back (given back once: a ticket completes at most once)
        }
        try {
            return method.invoke(callback, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
