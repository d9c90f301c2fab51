package io.zero429.instrument.apache5;

import io.zero429.Zero429Exception;
import java.io.IOException;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code DefaultHttpRequestRetryStrategy.retryRequest(HttpRequest, IOException, int, HttpContext)}, used
 * by classic and async clients: a request the agent refused is not retried. Otherwise the client would wait its
 * default retry interval (1 s) and ask again, turning a fail-fast wait-timeout into a slow one.
 */
public final class RetryStrategyAdvice {
    private RetryStrategyAdvice() {
    }

    /** @return true to skip the strategy: the method then returns false, "do not retry" */
    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    public static boolean enter(@Advice.Argument(1) IOException exception) {
        return exception instanceof Zero429Exception;
    }
}
