package io.zero429.instrument.urlconnection;

import java.io.InputStream;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into {@code sun.net.www.protocol.http.HttpURLConnection.getErrorStream()}: the body of a 4xx/5xx response
 * (for which {@code getInputStream} throws) is handed out watched, like a 2xx body ({@link ConnectionBodies}).
 */
public final class GetErrorStreamAdvice {
    private GetErrorStreamAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.This Object connection,
            @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) InputStream returned) {
        returned = ConnectionBodies.watched(connection, returned);
    }
}
