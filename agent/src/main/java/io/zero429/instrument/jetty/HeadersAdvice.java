package io.zero429.instrument.jetty;

import io.zero429.Engine;
import io.zero429.instrument.Hooks;
import net.bytebuddy.asm.Advice;
import org.eclipse.jetty.client.Response;

/**
 * Inlined into {@code ResponseListeners.notifyHeaders(Response)}, which Jetty calls once per hop when the response's
 * status and headers are in, before any listener of the application: the answer of the attempt whose request carries
 * a {@link JettyAttempt}. Informational responses (1xx but 101) are not the answer.
 */
public final class HeadersAdvice {
    private HeadersAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.Argument(0) Response response) {
        Object attempt = response.getRequest().getAttributes().get(JettyAttempt.KEY);
        int status = response.getStatus();
        if (!(attempt instanceof JettyAttempt) || (status < 200 && status != 101)) {
            return;
        }
        Engine.Ticket ticket = ((JettyAttempt) attempt).answer();
        if (ticket == null) {
            return;
        }
        Hooks.answered(ticket);
        String[] names = Hooks.signalHeaders(ticket, status);
        String[] values = names.length == 0 ? names : new String[names.length];
        for (int i = 0; i < names.length; i++) {
            values[i] = response.getHeaders().get(names[i]);
        }
        Hooks.response(ticket, status, values);
    }
}
