package io.zero429.instrument;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.function.Supplier;

/**
 * A {@link java.lang.reflect.Proxy} handler that stands in for one object of a client's interface: every call goes to
 * {@code target} unchanged (its exceptions too) unless {@link #call} is overridden for it; the proxy's own
 * {@code equals}/{@code hashCode} are identity. Lets bootstrap code wrap types it cannot link.
 */
public abstract class ForwardingHandler implements InvocationHandler {
    private final Object target;

    protected ForwardingHandler(Object target) {
        this.target = target;
    }

    @Override
    public final Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return objectMethod(proxy, method, args, () -> "zero429 watching " + target);
        }
        return call(method, args);
    }

    /**
     * What a proxy answers to {@code method}, one of {@code Object}'s: identity {@code equals} and {@code hashCode},
     * {@code description} as its {@code toString}.
     */
    public static Object objectMethod(Object proxy, Method method, Object[] args, Supplier<String> description) {
        switch (method.getName()) {
            case "equals":
                return proxy == args[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            default:
                return description.get();
        }
    }

    /** The call on the proxy; by default the same call on {@code target}. */
    protected Object call(Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
