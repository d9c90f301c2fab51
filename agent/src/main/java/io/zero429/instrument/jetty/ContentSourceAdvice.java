package io.zero429.instrument.jetty;

import net.bytebuddy.asm.Advice;
import org.eclipse.jetty.client.Response;

/**
 * Inlined into {@code ResponseListeners.notifyContentSource(Response, Content.Source)}, where Jetty hands a response's
 * body, once per response, to every listener that reads it (the buffering ones of the blocking {@code send()}, an
 * {@code InputStreamResponseListener}, content listeners): the source a watched body will be read from.
 */
public final class ContentSourceAdvice {
    private ContentSourceAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.Argument(0) Response response, @Advice.Argument(1) Object source) {
        Object attempt = response.getRequest().getAttributes().get(JettyAttempt.KEY);
        if (attempt instanceof JettyAttempt) {
            ((JettyAttempt) attempt).bodyFrom(source);
        }
    }
}
