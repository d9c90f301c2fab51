package io.zero429.instrument.apache5;

import io.zero429.Engine;
import io.zero429.instrument.Hooks;
import io.zero429.instrument.apache.Attempt;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;

/**
 * The HttpClient 5 async methods the agent calls after the fact (a delayed send, a response arriving). Agent classes
 * live on the bootstrap class path and cannot link to the client, so they go through reflection on the client's
 * public interfaces, looked up once per class loader that holds them.
 */
final class AsyncApi {
    /** Keyed by the {@code AsyncExecCallback} interface the advice hands over: it names the client's class loader. */
    private static final ClassValue<Optional<AsyncApi>> APIS = new ClassValue<Optional<AsyncApi>>() {
        @Override
        protected Optional<AsyncApi> computeValue(Class<?> callbackType) {
            try {
                return Optional.of(new AsyncApi(callbackType));
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                Hooks.faults().fault("Apache HttpClient 5 async API", e);
                return Optional.empty();
            }
        }
    };

    private final Method execute;
    private final Method failed;
    private final Field cancellableDependency;
    private final Method isCancelled;
    private final Method getCode;
    private final Method getFirstHeader;
    private final Method getValue;

    private AsyncApi(Class<?> callbackType) throws ReflectiveOperationException {
        ClassLoader loader = callbackType.getClassLoader();
        execute = onlyMethod(Class.forName("org.apache.hc.client5.http.async.AsyncExecChainHandler", false, loader),
                "execute");
        failed = callbackType.getMethod("failed", Exception.class);
        cancellableDependency = Class.forName("org.apache.hc.client5.http.async.AsyncExecChain$Scope", false, loader)
                .getField("cancellableDependency");
        isCancelled = Class.forName("org.apache.hc.core5.concurrent.CancellableDependency", false, loader)
                .getMethod("isCancelled");
        getCode = Class.forName("org.apache.hc.core5.http.HttpResponse", false, loader).getMethod("getCode");
        getFirstHeader = Class.forName("org.apache.hc.core5.http.MessageHeaders", false, loader)
                .getMethod("getFirstHeader", String.class);
        getValue = Class.forName("org.apache.hc.core5.http.NameValuePair", false, loader).getMethod("getValue");
        // Generates the callback proxy class now: the first admitted request must not pay for it between its
        // admission and the wire (a late first request makes the server see the next ones early).
        Proxy.newProxyInstance(loader, new Class<?>[] {callbackType}, (proxy, method, args) -> null);
    }

    /**
     * The API for the client whose {@code AsyncExecCallback} is {@code callbackType}, or null if it cannot be used.
     * The first call per class loader does the reflection; later ones are a lookup.
     */
    static AsyncApi of(Class<?> callbackType) {
        return APIS.get(callbackType).orElse(null);
    }

    private static Method onlyMethod(Class<?> type, String name) throws NoSuchMethodException {
        for (Method method : type.getMethods()) {
            if (method.getName().equals(name) && !method.isDefault()) {
                return method;
            }
        }
        throw new NoSuchMethodException(type.getName() + "." + name);
    }

    /**
     * Runs {@code handler.execute(request, entityProducer, scope, chain, callback)}; what it throws goes to the
     * callback, as the chain reports the failures of its asynchronous steps.
     */
    void execute(Object handler, Object request, Object entityProducer, Object scope, Object chain, Object callback) {
        try {
            if (cancelled(scope)) {
                // The caller cancelled while the request waited: no need to lease a connection only to have the
                // cancelled future cancel the lease. Failing the exchange releases what the chain holds for it, as
                // the client's own scheduler does for a cancelled delayed execution.
                fail(callback, new CancellationException("Request execution cancelled"));
                return;
            }
            execute.invoke(handler, request, entityProducer, scope, chain, callback);
        } catch (InvocationTargetException e) {
            fail(callback, e.getCause());
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            Hooks.faults().fault("Apache HttpClient 5 delayed send", e);
            fail(callback, e);
        }
    }

    private boolean cancelled(Object scope) throws ReflectiveOperationException {
        Object dependency = cancellableDependency.get(scope);
        return dependency != null && (Boolean) isCancelled.invoke(dependency);
    }

    /** Fails the exchange through its callback, as the chain does with the errors of an asynchronous step. */
    void fail(Object callback, Throwable cause) {
        try {
            failed.invoke(callback, cause instanceof Exception ? cause : new ExecutionException(cause));
        } catch (InvocationTargetException e) {
            Hooks.faults().fault("Apache HttpClient 5 callback", e.getCause());
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            Hooks.faults().fault("Apache HttpClient 5 callback", e);
        }
    }

    /** Hands the status and signal headers of an {@code HttpResponse} to the attempt it answers. */
    void signal(Attempt attempt, Object response) {
        try {
            int status = (Integer) getCode.invoke(response);
            String[] names = attempt.signalHeaders(status);
            String[] values = new String[names.length];
            for (int i = 0; i < names.length; i++) {
                Object header = getFirstHeader.invoke(response, names[i]);
                values[i] = header == null ? null : (String) getValue.invoke(header);
            }
            attempt.respond(status, values);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            attempt.failed();
            Hooks.faults().fault("Apache HttpClient 5 async response signal", e);
        }
    }
}
