package io.zero429.instrument.okhttp;

import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code RealCall.cancel()}: a call the agent holds until its slot ({@link HeldCalls}) is handed to
 * OkHttp at once, which reports the cancellation to its callback as it would have without the agent.
 */
public final class CancelAdvice {
    private CancelAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.This Object call) {
        HeldCalls.cancelled(call);
    }
}
