package io.zero429.instrument.apache5;

import io.zero429.instrument.apache.Attempt;
import java.io.IOException;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into the classic {@code InternalExecRuntime.execute(id, request, ..., context)}, which writes a request on
 * its open connection (for {@code MainClientExec} and {@code MinimalHttpClient} alike): admits the deferred attempt
 * of this request, if any (see {@link Attempt}). Requests of no attempt (unmatched, a CONNECT to a proxy) pass at the
 * cost of a thread-local read; the overload that delegates to the other finds the attempt already admitted.
 */
public final class WireAdvice {
    private WireAdvice() {
    }

    @Advice.OnMethodEnter
    public static void enter(@Advice.Argument(1) Object request) throws IOException {
        Attempt.onWire(request);
    }
}
