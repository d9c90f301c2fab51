package io.zero429.instrument.jetty;

import io.zero429.Engine;
import io.zero429.Zero429Exception;
import io.zero429.instrument.Clients;
import io.zero429.instrument.Hooks;
import io.zero429.rules.Rule;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.CompletionException;

/**
 * Admission of Jetty requests ({@link SendAdvice}). This class lives on the bootstrap class path and cannot link
 * Jetty: it reaches the request's public {@code attribute}, {@code abort} and {@code send} through reflection, looked
 * up once per request class.
 */
public final class JettySends {
    private static volatile Api cached;

    private JettySends() {
    }

    /**
     * Decides a request Jetty is about to send. Returns true when the agent took it over (it sends it again when its
     * slot comes), false when Jetty sends it now: admitted (its ticket attached), untracked (a fault), or refused
     * (aborted with the refusal, which Jetty hands to the listener as the request's failure). {@code client}: which
     * Jetty ({@link Clients}).
     */
    public static boolean start(Object request, Object listener, Class<?> listenerType, Rule rule, String keyValue,
            int client) {
        Api api;
        try {
            api = Api.of(request.getClass(), listenerType);
        } catch (ReflectiveOperationException | RuntimeException e) {
            Hooks.faults().fault("jetty request", e);
            return false;
        }
        Hooks.Scheduled scheduled;
        try {
            scheduled = Hooks.schedule(rule, keyValue, client);
        } catch (Zero429Exception refused) {
            api.abort(request, refused);
            return false;
        }
        if (scheduled == null) {
            return false;
        }
        if (scheduled.delayNanos == 0) {
            api.attach(request, scheduled.ticket);
            return false;
        }
        scheduled.due().whenComplete((ticket, error) -> {
            if (error != null) {
                api.abort(request, error instanceof CompletionException ? error.getCause() : error);
            } else {
                api.attach(request, ticket);
            }
            api.send(request, listener, ticket);
        });
        return true;
    }

    /** The public Jetty request methods used. */
    private static final class Api {
        final Class<?> requestType;
        final Method attribute;
        final Method abort;
        final Method send;

        private Api(Class<?> requestType, Class<?> listenerType) throws ReflectiveOperationException {
            this.requestType = requestType;
            attribute = requestType.getMethod("attribute", String.class, Object.class);
            abort = requestType.getMethod("abort", Throwable.class);
            send = requestType.getMethod("send", listenerType);
        }

        static Api of(Class<?> requestType, Class<?> listenerType) throws ReflectiveOperationException {
            Api api = cached;
            if (api == null || api.requestType != requestType) {
                api = new Api(requestType, listenerType);
                cached = api;
            }
            return api;
        }

        void attach(Object request, Engine.Ticket ticket) {
            if (ticket == null) {
                return;
            }
            try {
                attribute.invoke(request, JettyAttempt.KEY, new JettyAttempt(ticket));
            } catch (ReflectiveOperationException | RuntimeException e) {
                Hooks.failed(ticket);
                Hooks.faults().fault("jetty request attribute", e);
            }
        }

        void abort(Object request, Throwable cause) {
            try {
                abort.invoke(request, cause);
            } catch (ReflectiveOperationException | RuntimeException e) {
                Hooks.faults().fault("jetty refusal", e);
            }
        }

        /**
         * Sends the request the agent held, marked as admitted so that this advice lets it through. What Jetty throws
         * from {@code send} (which the application's own call would have thrown: a client without TLS settings meets
         * an https URL, a stopped client) completes the request's listener as failed, so nobody waits for it forever.
         */
        void send(Object request, Object listener, Engine.Ticket ticket) {
            try {
                Hooks.preAdmitted(() -> send.invoke(request, listener));
            } catch (InvocationTargetException e) {
                Hooks.failed(ticket);
                fail(request, listener, e.getCause());
            } catch (Exception e) {
                Hooks.failed(ticket);
                Hooks.faults().fault("jetty delayed send", e);
                fail(request, listener, e);
            }
        }

        /** {@code listener.onComplete(new Result(request, failure, null))}, in the listener's own Jetty API package. */
        private void fail(Object request, Object listener, Throwable failure) {
            if (listener == null) {
                return;
            }
            try {
                Class<?> listenerType = send.getParameterTypes()[0];
                String api = listenerType.getName().substring(0, listenerType.getName().lastIndexOf('.'));
                ClassLoader loader = listenerType.getClassLoader();
                Class<?> resultType = Class.forName(api + ".Result", false, loader);
                Object result = resultType.getConstructor(Class.forName(api + ".Request", false, loader),
                        Throwable.class, Class.forName(api + ".Response", false, loader))
                        .newInstance(request, failure, null);
                listenerType.getMethod("onComplete", resultType).invoke(listener, result);
            } catch (ReflectiveOperationException | RuntimeException e) {
                Hooks.faults().fault("jetty delayed send failure", e);
            }
        }
    }
}
