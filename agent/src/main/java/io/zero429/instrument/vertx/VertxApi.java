package io.zero429.instrument.vertx;

import io.zero429.instrument.Hooks;
import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * What the agent's bootstrap classes reach of Vert.x, through reflection: the public {@code Future} and
 * {@code Promise} methods (found through the loader of the application's {@code Handler}, looked up once per loader),
 * and per client class the method a held request is started again with and the client's default host and port.
 */
final class VertxApi {
    private static volatile VertxApi cached;

    private final Class<?> handlerType;
    private final Method onComplete;
    private final Method future;
    private final Method tryFail;

    private VertxApi(Class<?> handlerType) throws ReflectiveOperationException {
        this.handlerType = handlerType;
        ClassLoader loader = handlerType.getClassLoader();
        Class<?> futureType = Class.forName("io.vertx.core.Future", false, loader);
        Class<?> promiseType = Class.forName("io.vertx.core.Promise", false, loader);
        onComplete = futureType.getMethod("onComplete", handlerType, handlerType);
        future = promiseType.getMethod("future");
        tryFail = promiseType.getMethod("tryFail", Throwable.class);
    }

    static VertxApi of(Class<?> handlerType) throws ReflectiveOperationException {
        VertxApi api = cached;
        if (api == null || api.handlerType != handlerType) {
            api = new VertxApi(handlerType);
            cached = api;
        }
        return api;
    }

    /** {@code future.onComplete(watcher, watcher)}. */
    void watch(Object vertxFuture, Object watcher) throws ReflectiveOperationException {
        onComplete.invoke(vertxFuture, watcher, watcher);
    }

    Object future(Object promise) throws ReflectiveOperationException {
        return future.invoke(promise);
    }

    void tryFail(Object promise, Throwable cause) {
        try {
            tryFail.invoke(promise, cause);
        } catch (ReflectiveOperationException | RuntimeException e) {
            Hooks.faults().fault("vert.x refusal", e);
        }
    }

    /** Per {@code HttpClientImpl} class: how its requests are started again, and its defaults. */
    private static final ClassValue<ClientType> CLIENTS = new ClassValue<>() {
        @Override
        protected ClientType computeValue(Class<?> type) {
            return new ClientType(type);
        }
    };

    static ClientType client(Class<?> clientType) {
        return CLIENTS.get(clientType);
    }

    /** One {@code HttpClientImpl} class, 4.5 or 5.x. */
    static final class ClientType {
        /** 4.5's {@code doRequest(HttpMethod, ..., PromiseInternal)}, or null: the class is 5.x. */
        private final Method doRequest4;
        /** 5.1+: the client's own default host and port; 5.0 and 4.5: its {@code HttpClientOptions}. */
        private final Field defaultHost;
        private final Field defaultPort;
        private final Field options;
        private volatile Method request5;

        private ClientType(Class<?> type) {
            Method found = null;
            for (Method method : type.getDeclaredMethods()) {
                if (method.getName().equals("doRequest")
                        && method.getParameterCount() == VertxHttpClientInstrumentation.DO_REQUEST_4_ARITY
                        && method.getParameterTypes()[0].getName().equals("io.vertx.core.http.HttpMethod")) {
                    found = method;
                }
            }
            doRequest4 = found;
            defaultHost = field(type, "defaultHost");
            defaultPort = field(type, "defaultPort");
            options = defaultHost == null || defaultPort == null ? field(type, "options") : null;
        }

        /** Whether the class is Vert.x 4.5's, whose requests {@link Vertx4RequestAdvice} decides. */
        boolean isVertx4() {
            return doRequest4 != null;
        }

        /**
         * The method to start a held request again with: 4.5's private {@code doRequest} (made callable), 5.x's public
         * {@code request(RequestOptions)}; null (logged once) where it cannot be had: the request then goes at once.
         */
        Method resend(Class<?> clientType) {
            try {
                if (doRequest4 != null) {
                    doRequest4.setAccessible(true);
                    return doRequest4;
                }
                Method method = request5;
                if (method == null) {
                    Class<?> requestOptions = Class.forName("io.vertx.core.http.RequestOptions", false,
                            clientType.getClassLoader());
                    method = clientType.getMethod("request", requestOptions);
                    request5 = method;
                }
                return method;
            } catch (ReflectiveOperationException | RuntimeException e) {
                Hooks.faults().fault("vert.x delayed request", e);
                return null;
            }
        }

        /** The client's default host ({@code HttpClientOptions.setDefaultHost}), or null if it cannot be read. */
        String defaultHost(Object client) {
            Object value = read(client, defaultHost, "getDefaultHost");
            return value instanceof String ? (String) value : null;
        }

        /** The client's default port, or -1 if it cannot be read. */
        int defaultPort(Object client) {
            Object value = read(client, defaultPort, "getDefaultPort");
            return value instanceof Integer ? (Integer) value : -1;
        }

        private Object read(Object client, Field own, String optionsGetter) {
            try {
                if (own != null) {
                    return own.get(client);
                }
                Object clientOptions = options == null ? null : options.get(client);
                return clientOptions == null ? null
                        : clientOptions.getClass().getMethod(optionsGetter).invoke(clientOptions);
            } catch (ReflectiveOperationException | RuntimeException e) {
                Hooks.faults().fault("vert.x client defaults", e);
                return null;
            }
        }

        /** The field {@code name} of {@code type} or a superclass, made readable; null if absent or closed. */
        private static Field field(Class<?> type, String name) {
            for (Class<?> t = type; t != null; t = t.getSuperclass()) {
                for (Field field : t.getDeclaredFields()) {
                    if (field.getName().equals(name)) {
                        try {
                            field.setAccessible(true);
                            return field;
                        } catch (RuntimeException closed) {
                            Hooks.faults().fault("vert.x client defaults", closed);
                            return null;
                        }
                    }
                }
            }
            return null;
        }
    }

    /** Throws {@code e} as it is, checked or not (what the client threw, for Vert.x to fail the future with). */
    @SuppressWarnings("unchecked")
    static <E extends Throwable> E sneaky(Throwable e) throws E {
        throw (E) e;
    }
}
