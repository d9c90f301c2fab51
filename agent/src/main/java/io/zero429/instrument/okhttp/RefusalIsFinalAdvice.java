package io.zero429.instrument.okhttp;

import io.zero429.Zero429Exception;
import java.io.IOException;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code RetryAndFollowUpInterceptor.isRecoverable(IOException, boolean)}: the agent's own refusal
 * (a wait-timeout thrown by {@link ConnectAdvice}) is not a connection failure, so OkHttp must not retry it.
 *
 * <p>Without this, OkHttp 3.x and 4.x treat it like any plain {@code IOException} from the network part: once an
 * earlier attempt of the same call failed on one route while other routes remain (several addresses or proxies),
 * OkHttp retries, the agent refuses again at once, and since no route is ever used up the call spins until its call
 * timeout, or forever without one ({@code OkHttpIT} shows it). OkHttp 5.x stops by itself; the advice costs nothing
 * there.
 */
public final class RefusalIsFinalAdvice {
    private RefusalIsFinalAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.Argument(0) IOException failure,
            @Advice.Return(readOnly = false) boolean recoverable) {
        if (failure instanceof Zero429Exception) {
            recoverable = false;
        }
    }
}
