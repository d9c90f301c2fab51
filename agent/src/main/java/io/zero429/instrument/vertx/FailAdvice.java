package io.zero429.instrument.vertx;

import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code HttpClientRequestBase.fail(Throwable)}, which every failure of a request goes through (a
 * connection error, a reset by the application or by its timeout): a request that had no response gives back what it
 * held.
 */
public final class FailAdvice {
    private FailAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.This Object request) {
        VertxAttempt.fail(request);
    }
}
