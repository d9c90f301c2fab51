package io.zero429.instrument.jetty9;

import net.bytebuddy.asm.Advice;

/**
 * {@link SendAdvice} for 9.4 releases before about 9.4.30, inlined into the private
 * {@code send(HttpRequest, Response.CompleteListener)} that both their {@code send} methods call.
 */
public final class PrivateSendAdvice {
    private PrivateSendAdvice() {
    }

    /** @return true to skip this send: the agent sends the request later */
    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    public static boolean enter(@Advice.This Object request, @Advice.Argument(1) Object listener) {
        return Jetty9Exchanges.send(request, listener);
    }
}
