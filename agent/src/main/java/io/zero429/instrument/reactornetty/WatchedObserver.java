package io.zero429.instrument.reactornetty;

import io.zero429.instrument.ForwardingHandler;
import io.zero429.instrument.Hooks;
import java.lang.reflect.Method;

/**
 * Stands in for the {@code ConnectionObserver} of one attempt (as a {@link java.lang.reflect.Proxy} of Reactor
 * Netty's interface): tells the {@link ReactorAttempt} of each state change and uncaught exception first, then
 * forwards every call unchanged. Observers composed from it ({@code then}) are watched for the same attempt.
 */
final class WatchedObserver extends ForwardingHandler {
    private final ReactorAttempt attempt;

    WatchedObserver(Object observer, ReactorAttempt attempt) {
        super(observer);
        this.attempt = attempt;
    }

    @Override
    protected Object call(Method method, Object[] args) throws Throwable {
        String name = method.getName();
        if (args != null && args.length == 2) {
            try {
                if (name.equals("onStateChange")) {
                    attempt.stateChanged(args[0], args[1]);
                } else if (name.equals("onUncaughtException")) {
                    attempt.uncaught(args[0], (Throwable) args[1]);
                }
            } catch (RuntimeException | LinkageError fault) {
                Hooks.faults().fault("reactor netty response reading", fault);
            }
        }
        Object returned = super.call(method, args);
        return args != null && args.length == 1 && name.equals("then") ? attempt.composed(returned) : returned;
    }
}
