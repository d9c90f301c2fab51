package io.zero429.instrument.jetty9;

import io.zero429.Engine;
import io.zero429.instrument.Clients;
import io.zero429.instrument.Hooks;
import io.zero429.instrument.jetty.JettyAttempt;
import io.zero429.instrument.jetty.JettySends;
import io.zero429.rules.Rule;
import java.nio.ByteBuffer;

/**
 * What the Jetty 9.4-11 advice does, out of line (the advice is compiled without Jetty 9-11's types): admission at
 * send, the answer at the response's headers, the body as Jetty hands it to the listeners, the end of the exchange.
 * The ticket travels as the request's attribute, as with Jetty 12 ({@link JettyAttempt}), and the same
 * {@link JettySends} admits, holds and re-sends a request.
 */
public final class Jetty9Exchanges {
    private static final String COMPLETE_LISTENER = "org.eclipse.jetty.client.api.Response$CompleteListener";
    private static volatile Class<?> completeListener;

    private Jetty9Exchanges() {
    }

    /** @return true when the agent took the request over (see {@link JettySends#start}) */
    public static boolean send(Object request, Object listener) {
        if (Hooks.engine() == null) {
            return false; // no rules yet: not even the reflective reads of the request
        }
        Rule rule;
        String keyValue = null;
        Class<?> listenerType;
        try {
            rule = Hooks.match((String) Jetty9Objects.call(request, "getMethod"),
                    (String) Jetty9Objects.call(request, "getScheme"), (String) Jetty9Objects.call(request, "getHost"),
                    (Integer) Jetty9Objects.call(request, "getPort"), (String) Jetty9Objects.call(request, "getPath"));
            if (rule == null) {
                return false;
            }
            String keyHeader = Hooks.keyHeader(rule);
            if (keyHeader != null) {
                keyValue = Jetty9Objects.header(request, keyHeader);
            }
            listenerType = completeListener(request.getClass());
        } catch (ReflectiveOperationException | RuntimeException e) {
            Hooks.faults().fault("jetty 9-11 request", e);
            return false;
        }
        return JettySends.start(request, listener, listenerType, rule, keyValue, Clients.JETTY_9);
    }

    /** The response's status and headers are in (once per hop, before the application's listeners). */
    public static void headers(Object response) {
        try {
            JettyAttempt attempt = attemptOf(Jetty9Objects.call(response, "getRequest"));
            int status = (Integer) Jetty9Objects.call(response, "getStatus");
            if (attempt == null || (status < 200 && status != 101)) {
                return;
            }
            Engine.Ticket ticket = attempt.answer();
            if (ticket == null) {
                return;
            }
            Hooks.answered(ticket);
            String[] names = Hooks.signalHeaders(ticket, status);
            String[] values = names.length == 0 ? names : new String[names.length];
            for (int i = 0; i < names.length; i++) {
                values[i] = Jetty9Objects.header(response, names[i]);
            }
            Hooks.response(ticket, status, values);
        } catch (ReflectiveOperationException | RuntimeException e) {
            Hooks.faults().fault("jetty 9-11 response", e);
        }
    }

    /** A piece of the body, as Jetty hands it (decoded) to the application's listeners. */
    public static void content(Object response, ByteBuffer piece) {
        if (Hooks.engine() == null) {
            return;
        }
        try {
            JettyAttempt attempt = attemptOf(Jetty9Objects.call(response, "getRequest"));
            if (attempt != null && piece != null) {
                attempt.received(piece);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            Hooks.faults().fault("jetty 9-11 content", e);
        }
    }

    /** The response ended well: every piece of its body was pushed, and the listeners are told next. */
    public static void success(Object response) {
        try {
            JettyAttempt attempt = attemptOf(Jetty9Objects.call(response, "getRequest"));
            if (attempt != null) {
                attempt.endPushedBody();
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            Hooks.faults().fault("jetty 9-11 success", e);
        }
    }

    /** The exchange ended (answered, failed, aborted while queued): Jetty has handed the listeners every piece. */
    public static void complete(Object result) {
        try {
            JettyAttempt attempt = attemptOf(Jetty9Objects.call(result, "getRequest"));
            if (attempt != null) {
                attempt.end();
                attempt.endPushedBody();
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            Hooks.faults().fault("jetty 9-11 completion", e);
        }
    }

    private static JettyAttempt attemptOf(Object request) throws ReflectiveOperationException {
        if (request == null) {
            return null;
        }
        Object attempt = Jetty9Objects.attribute(request, JettyAttempt.KEY);
        return attempt instanceof JettyAttempt ? (JettyAttempt) attempt : null;
    }

    private static Class<?> completeListener(Class<?> requestType) throws ClassNotFoundException {
        Class<?> type = completeListener;
        if (type == null || type.getClassLoader() != requestType.getClassLoader()) {
            type = Class.forName(COMPLETE_LISTENER, false, requestType.getClassLoader());
            completeListener = type;
        }
        return type;
    }
}
