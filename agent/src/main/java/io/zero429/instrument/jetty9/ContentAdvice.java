package io.zero429.instrument.jetty9;

import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code ResponseNotifier.notifyContent(Response, ..., ByteBuffer, ...)}: each piece of a body, decoded,
 * as Jetty 9.4-11 pushes it to the listeners (whether or not the application reads it, Jetty has read it).
 */
public final class ContentAdvice {
    private ContentAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.Argument(0) Object response, @Advice.AllArguments Object[] arguments) {
        Jetty9Exchanges.content(response, arguments);
    }
}
