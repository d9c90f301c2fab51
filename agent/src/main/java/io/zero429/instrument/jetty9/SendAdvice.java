package io.zero429.instrument.jetty9;

import net.bytebuddy.asm.Advice;

/**
 * Inlined into Jetty 9.4-11's {@code HttpRequest.send(Response.CompleteListener)} (or, in 9.4 before about 9.4.30,
 * the private {@code send(HttpRequest, CompleteListener)} both {@code send} methods call): the request is admitted,
 * or held and sent again by the agent when its slot comes, as with Jetty 12. The listener is the last argument.
 */
public final class SendAdvice {
    private SendAdvice() {
    }

    /** @return true to skip this send: the agent sends the request later */
    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    public static boolean enter(@Advice.This Object request, @Advice.AllArguments Object[] arguments) {
        return Jetty9Exchanges.send(request, arguments[arguments.length - 1]);
    }
}
