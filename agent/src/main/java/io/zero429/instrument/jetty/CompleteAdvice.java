package io.zero429.instrument.jetty;

import net.bytebuddy.asm.Advice;
import org.eclipse.jetty.client.Result;

/**
 * Inlined into {@code ResponseListeners.notifyComplete(Result)}, which ends every exchange (answered, failed, aborted
 * while queued, refused connection): an attempt that had no answer gives back what it held.
 */
public final class CompleteAdvice {
    private CompleteAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.Argument(0) Result result) {
        Object attempt = result.getRequest().getAttributes().get(JettyAttempt.KEY);
        if (attempt instanceof JettyAttempt) {
            ((JettyAttempt) attempt).end();
        }
    }
}
