package io.zero429.instrument.jetty9;

import net.bytebuddy.asm.Advice;

/** Inlined into {@code ResponseNotifier.notifyComplete(List, Result)}, which ends every exchange (Jetty 9.4-11). */
public final class CompleteAdvice {
    private CompleteAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.Argument(1) Object result) {
        Jetty9Exchanges.complete(result);
    }
}
