package io.zero429.instrument.jetty9;

import net.bytebuddy.asm.Advice;

/**
 * Inlined into Jetty 9.4-11's {@code HttpRequest.send(Response.CompleteListener)}: the request is admitted, or held
 * and sent again by the agent when its slot comes, as with Jetty 12.
 */
public final class SendAdvice {
    private SendAdvice() {
    }

    /** @return true to skip this send: the agent sends the request later */
    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    public static boolean enter(@Advice.This Object request, @Advice.Argument(0) Object listener) {
        return Jetty9Exchanges.send(request, listener);
    }
}
