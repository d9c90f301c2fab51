package io.zero429.instrument.apache4;

import io.zero429.instrument.apache.Attempt;
import java.io.IOException;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into httpcore's {@code HttpRequestExecutor.execute(request, connection, context)}, which writes a request on
 * an open connection: admits the deferred attempt of this request, if any (see {@link Attempt}). Requests of no
 * attempt (unmatched, a CONNECT to a proxy, any other user of the executor) pass at the cost of a thread-local read.
 */
public final class WireAdvice {
    private WireAdvice() {
    }

    @Advice.OnMethodEnter
    public static void enter(@Advice.Argument(0) Object request) throws IOException {
        Attempt.onWire(request);
    }
}
