package io.zero429.instrument.vertx;

import net.bytebuddy.asm.Advice;

/**
 * Inlined into the methods that end a Vert.x response body, before the application's end or exception handler runs:
 * {@code handleEnd(MultiMap)} (4.5, 5.0), {@code handleTrailers(MultiMap)} (5.1+) and {@code handleException}. A
 * watched body's prefix is handed on there, so its signal is in force when the application sees the end.
 */
public final class BodyEndAdvice {
    private BodyEndAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.This Object response) {
        VertxAttempt.BODIES.end(response);
    }
}
