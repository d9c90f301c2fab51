package io.zero429.instrument.jetty9;

import java.nio.ByteBuffer;
import net.bytebuddy.asm.Advice;

/** {@link ContentAdvice} for 9.4 releases before about 9.4.30: {@code notifyContent(Response, ByteBuffer, Callback, List)}. */
public final class OldContentAdvice {
    private OldContentAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.Argument(0) Object response, @Advice.Argument(1) ByteBuffer piece) {
        Jetty9Exchanges.content(response, piece);
    }
}
