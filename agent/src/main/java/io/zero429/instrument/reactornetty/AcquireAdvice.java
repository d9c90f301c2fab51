package io.zero429.instrument.reactornetty;

import io.zero429.Zero429Exception;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import reactor.core.publisher.Mono;
import reactor.netty.ConnectionObserver;

/**
 * Inlined into {@code HttpConnectionProvider.acquire(config, observer, remoteAddress, resolver)}, which
 * {@code HttpClientConnect} calls once per wire attempt when the request's {@code Mono} is subscribed (again for each
 * redirect hop, each retry after a reset, each re-subscription). The attempt is decided here: a request that must
 * wait gets back the connection {@code Mono} with its subscription delayed until its slot (a timer, never an event
 * loop thread, and no pooled connection held while it waits); a refusal is the {@code Mono}'s error. The observer of
 * the attempt is handed on watched ({@link ReactorAttempt}), so the agent reads the response's status and headers when
 * they arrive, before the application does.
 *
 * <p>Inlined into Reactor Netty's own class, this advice may name Reactor types; {@link ReactorAttempt} (on the
 * bootstrap class path) may not.
 */
public final class AcquireAdvice {
    private AcquireAdvice() {
    }

    /** @return a {@link ReactorAttempt}, a {@link Zero429Exception} refusing the attempt (acquire is skipped), or null */
    @Advice.OnMethodEnter(skipOn = Zero429Exception.class, suppress = Throwable.class)
    public static Object enter(
            @Advice.Argument(value = 1, readOnly = false, typing = Assigner.Typing.DYNAMIC) ConnectionObserver observer,
            @Advice.Argument(2) Object remoteAddress) {
        Object started = ReactorAttempt.start(remoteAddress, observer, ConnectionObserver.class);
        if (started instanceof ReactorAttempt) {
            observer = (ConnectionObserver) ((ReactorAttempt) started).observer();
        }
        return started;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object started,
            @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Mono<?> acquired) {
        if (started instanceof Zero429Exception) {
            acquired = Mono.error((Zero429Exception) started);
        } else if (started instanceof ReactorAttempt) {
            ReactorAttempt attempt = (ReactorAttempt) started;
            if (acquired == null) {
                attempt.accept(null); // acquire threw: the request never left
                return;
            }
            java.util.concurrent.CompletableFuture<?> due = attempt.due();
            Mono<?> timed = due == null ? acquired : acquired.delaySubscription(Mono.fromFuture(due));
            acquired = timed.doOnError(attempt);
        }
    }
}
