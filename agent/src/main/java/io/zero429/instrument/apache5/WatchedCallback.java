package io.zero429.instrument.apache5;

import io.zero429.instrument.ForwardingHandler;
import io.zero429.instrument.apache.Attempt;
import java.lang.reflect.Method;

/**
 * Stands in for the {@code AsyncExecCallback} of one attempt (as a {@link java.lang.reflect.Proxy} of the
 * client's interface): forwards every call and reads the response in {@code handleResponse}, the one call per
 * exchange that carries the final response (informational ones go to {@code handleInformationResponse}), whose
 * body consumer it hands back watched where a limiter listens to body codes ({@link WatchedConsumer}).
 */
final class WatchedCallback extends ForwardingHandler {
    private final Attempt attempt;
    private final AsyncApi api;

    WatchedCallback(Object callback, Attempt attempt, AsyncApi api) {
        super(callback);
        this.attempt = attempt;
        this.api = api;
    }

    @Override
    protected Object call(Method method, Object[] args) throws Throwable {
        if (args != null && args.length == 2 && method.getName().equals("handleResponse")) {
            api.signal(attempt, args[0]);
            return WatchedConsumer.watch(super.call(method, args), method.getReturnType(), attempt.ticket());
        } else if (args != null && args.length == 1 && method.getName().equals("failed")) {
            attempt.failed(); // no response came back (given back once: a ticket completes at most once)
        }
        return super.call(method, args);
    }
}
