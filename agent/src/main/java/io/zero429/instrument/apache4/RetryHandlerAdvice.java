package io.zero429.instrument.apache4;

import io.zero429.Zero429Exception;
import java.io.IOException;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code DefaultHttpRequestRetryHandler.retryRequest(IOException, int, HttpContext)}: a request the
 * agent refused (an {@code IOException} thrown below {@code RetryExec}) is not retried. Otherwise the client would
 * send it again at once, up to three times, each attempt refused again.
 */
public final class RetryHandlerAdvice {
    private RetryHandlerAdvice() {
    }

    /** @return true to skip the handler: the method then returns false, "do not retry" */
    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    public static boolean enter(@Advice.Argument(0) IOException exception) {
        return exception instanceof Zero429Exception;
    }
}
