package io.zero429.instrument.jetty9;

import net.bytebuddy.asm.Advice;

/** Inlined into {@code ResponseNotifier.notifyHeaders(List, Response)}: the answer of the hop (Jetty 9.4-11). */
public final class HeadersAdvice {
    private HeadersAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.Argument(1) Object response) {
        Jetty9Exchanges.headers(response);
    }
}
