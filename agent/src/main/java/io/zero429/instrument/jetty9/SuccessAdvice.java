package io.zero429.instrument.jetty9;

import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code ResponseNotifier.notifySuccess(List, Response)}: the body's last piece was pushed, and the
 * listeners are about to learn it (an {@code InputStreamResponseListener} ends its stream here), so what was seen of a
 * watched body is handed on first.
 */
public final class SuccessAdvice {
    private SuccessAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.Argument(1) Object response) {
        Jetty9Exchanges.success(response);
    }
}
