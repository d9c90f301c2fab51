package io.zero429.instrument.jdkhttp;

import io.zero429.Engine;
import io.zero429.instrument.Hooks;
import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Delayed sends and response reading for the JDK HttpClient's async API. This class lives on the bootstrap class
 * path while {@code java.net.http} belongs to the platform class loader, so it cannot link to those types: it works
 * through reflection on the public, exported {@code java.net.http} interfaces.
 */
public final class AsyncSends {
    private AsyncSends() {
    }

    /**
     * Sends the request when its slot (and its concurrency permits) come, on a timer: the caller's thread is never
     * blocked. A refusal fails the returned future.
     */
    public static CompletableFuture<Object> later(Object client, Object request, Object handler, Object pushHandler,
            Hooks.Scheduled scheduled) {
        return scheduled.due()
                .thenCompose(ticket -> {
                    // A request that waited for a concurrency permit got its ticket only now: watch its body with it.
                    Object watched = scheduled.ticket == null ? WatchedBodies.handler(handler, ticket) : handler;
                    try {
                        @SuppressWarnings("unchecked")
                        CompletableFuture<Object> sent = Hooks.preAdmitted(() -> (CompletableFuture<Object>)
                                sendAsync(client).invoke(client, request, watched, pushHandler));
                        watch(sent, ticket);
                        return sent;
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        Hooks.failed(ticket);
                        return CompletableFuture.failedFuture(e.getCause());
                    } catch (Exception e) {
                        Hooks.failed(ticket);
                        return CompletableFuture.failedFuture(e);
                    }
                });
    }

    /** Reads status and Retry-After of the response when it arrives, without changing the future. */
    public static void watch(CompletableFuture<?> future, Engine.Ticket ticket) {
        future.whenComplete((response, error) -> {
            if (response == null) {
                Hooks.failed(ticket);
                return;
            }
            try {
                Api api = Api.of(response.getClass().getClassLoader());
                int status = (Integer) api.statusCode.invoke(response);
                String[] names = Hooks.signalHeaders(ticket, status);
                String[] values = new String[names.length];
                Object headers = names.length == 0 ? null : api.headers.invoke(response);
                for (int i = 0; i < names.length; i++) {
                    @SuppressWarnings("unchecked")
                    List<String> lines = (List<String>) api.allValues.invoke(headers, names[i]);
                    values[i] = String.join(", ", lines);
                }
                Hooks.response(ticket, status, values);
            } catch (ReflectiveOperationException | RuntimeException e) {
                Hooks.failed(ticket);
                Hooks.faults().fault("async response signal", e);
            }
        });
    }

    private static Method sendAsync(Object client) throws ReflectiveOperationException {
        return Api.of(client.getClass().getClassLoader()).sendAsync;
    }

    /** The public java.net.http methods used, looked up once (the module is the same for every client). */
    private static final class Api {
        private static volatile Api cached;

        final Method sendAsync;
        final Method statusCode;
        final Method headers;
        final Method allValues;

        private Api(ClassLoader loader) throws ReflectiveOperationException {
            Class<?> httpClient = Class.forName("java.net.http.HttpClient", false, loader);
            Class<?> request = Class.forName("java.net.http.HttpRequest", false, loader);
            Class<?> handler = Class.forName("java.net.http.HttpResponse$BodyHandler", false, loader);
            Class<?> push = Class.forName("java.net.http.HttpResponse$PushPromiseHandler", false, loader);
            Class<?> response = Class.forName("java.net.http.HttpResponse", false, loader);
            Class<?> httpHeaders = Class.forName("java.net.http.HttpHeaders", false, loader);
            sendAsync = httpClient.getMethod("sendAsync", request, handler, push);
            statusCode = response.getMethod("statusCode");
            headers = response.getMethod("headers");
            allValues = httpHeaders.getMethod("allValues", String.class);
        }

        static Api of(ClassLoader loader) throws ReflectiveOperationException {
            Api api = cached;
            if (api == null) {
                api = new Api(loader);
                cached = api;
            }
            return api;
        }
    }
}
