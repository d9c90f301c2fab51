package io.zero429.instrument.reactornetty;

import io.zero429.Engine;
import io.zero429.instrument.Hooks;
import java.lang.reflect.Method;

/**
 * Reads the status and signal headers of a Reactor Netty response for the limiters. The connection an observer is
 * told about is Reactor Netty's {@code HttpClientOperations}, an {@code HttpClientResponse}; this class lives on the
 * bootstrap class path and cannot link it, so it calls that public interface's methods (and Netty's
 * {@code HttpResponseStatus.code()} and {@code HttpHeaders.getAll(String)}) through reflection, looked up once per
 * class loader.
 */
final class ReactorResponses {
    private static volatile Api cached;

    private ReactorResponses() {
    }

    /** Hands the response on {@code connection} to {@code ticket}'s limiters; a connection without one fails it. */
    static void read(Engine.Ticket ticket, Object connection) {
        if (ticket == null) {
            return;
        }
        try {
            Api api = Api.of(connection.getClass().getClassLoader());
            Object status = api.response.isInstance(connection) ? api.status.invoke(connection) : null;
            if (status == null) {
                Hooks.failed(ticket);
                return;
            }
            int code = (Integer) api.code.invoke(status);
            String[] names = Hooks.signalHeaders(ticket, code);
            String[] values = names.length == 0 ? names : new String[names.length];
            Object headers = names.length == 0 ? null : api.responseHeaders.invoke(connection);
            for (int i = 0; i < names.length; i++) {
                @SuppressWarnings("unchecked")
                java.util.List<String> lines = (java.util.List<String>) api.getAll.invoke(headers, names[i]);
                values[i] = lines.isEmpty() ? null : String.join(", ", lines);
            }
            Hooks.response(ticket, code, values);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            Hooks.failed(ticket);
            Hooks.faults().fault("reactor netty response signal", e);
        }
    }

    /** The public Reactor Netty and Netty methods used. */
    private static final class Api {
        final ClassLoader loader;
        final Class<?> response;
        final Method status;
        final Method responseHeaders;
        final Method code;
        final Method getAll;

        private Api(ClassLoader loader) throws ReflectiveOperationException {
            this.loader = loader;
            response = Class.forName("reactor.netty.http.client.HttpClientResponse", false, loader);
            status = response.getMethod("status");
            responseHeaders = response.getMethod("responseHeaders");
            code = status.getReturnType().getMethod("code");
            getAll = responseHeaders.getReturnType().getMethod("getAll", String.class);
        }

        static Api of(ClassLoader loader) throws ReflectiveOperationException {
            Api api = cached;
            if (api == null || api.loader != loader) {
                api = new Api(loader);
                cached = api;
            }
            return api;
        }
    }
}
