package io.zero429.instrument.jetty9;

import java.nio.ByteBuffer;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code ResponseNotifier.notifyContent(Response, LongConsumer demand, ByteBuffer, Callback, List)} of
 * Jetty 9.4.30+ and 10/11: each piece of a body, decoded, as Jetty pushes it to the listeners (whether or not the
 * application reads it, Jetty has read it).
 */
public final class ContentAdvice {
    private ContentAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.Argument(0) Object response, @Advice.Argument(2) ByteBuffer piece) {
        Jetty9Exchanges.content(response, piece);
    }
}
