package io.zero429.instrument.okhttp;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.zero429.instrument.ClientInstrumentation;
import io.zero429.instrument.TypeHook;
import java.lang.instrument.Instrumentation;
import java.util.List;

/**
 * OkHttp 3.x, 4.x and 5.x (and so Retrofit): every {@code Call.execute()} and {@code Call.enqueue()} runs the
 * interceptor chain, whose {@code RetryAndFollowUpInterceptor} calls the network part once per wire attempt (the
 * first request, each redirect or auth follow-up, each automatic retry). {@code ConnectInterceptor} starts that
 * network part: it runs once per attempt, before a connection is taken, and never for a cache hit. The agent waits
 * there ({@link ConnectAdvice}), except for an enqueued call's first attempt, whose slot is reserved at
 * {@code enqueue} and waited for before the call reaches the Dispatcher ({@link EnqueueAdvice}, {@link HeldCalls}).
 * The agent also keeps OkHttp from retrying its refusal on another route ({@link RefusalIsFinalAdvice}) and from
 * spending a limited attempt on a pooled connection the server has closed ({@link HealthCheckAdvice}), and watches
 * the body the application reads, decompressed, where a limiter listens to body codes ({@link BodyAdvice}).
 *
 * <p>Methods are matched by name and argument types only: {@code ConnectInterceptor} is a Java class with a
 * constructor in 3.x and a Kotlin {@code object} in 4.x and 5.x, and the private helpers' other parameters differ
 * between versions.
 */
public final class OkHttpInstrumentation implements ClientInstrumentation {
    static final String CONNECT_INTERCEPTOR = "okhttp3.internal.connection.ConnectInterceptor";
    static final String RETRY_INTERCEPTOR = "okhttp3.internal.http.RetryAndFollowUpInterceptor";
    static final String REAL_CONNECTION = "okhttp3.internal.connection.RealConnection";
    static final String BRIDGE_INTERCEPTOR = "okhttp3.internal.http.BridgeInterceptor";
    /** The {@code Call} implementation: here in 4.x and 5.x, {@link #REAL_CALL_3} in 3.x. */
    static final String REAL_CALL = "okhttp3.internal.connection.RealCall";
    static final String REAL_CALL_3 = "okhttp3.RealCall";

    @Override
    public String name() {
        return "OkHttp";
    }

    @Override
    public List<TypeHook> hooks() {
        return List.of(
                TypeHook.on(CONNECT_INTERCEPTOR).advise(named("intercept").and(takesArguments(1))
                        .and(takesArgument(0, named("okhttp3.Interceptor$Chain"))), ConnectAdvice.class),
                TypeHook.on(RETRY_INTERCEPTOR).advise(named("isRecoverable").and(takesArguments(2))
                        .and(takesArgument(0, named("java.io.IOException")))
                        .and(takesArgument(1, boolean.class)).and(returns(boolean.class)), RefusalIsFinalAdvice.class),
                TypeHook.on(REAL_CONNECTION).advise(named("isHealthy").and(takesArguments(boolean.class))
                        .and(returns(boolean.class)), HealthCheckAdvice.class),
                TypeHook.on(BRIDGE_INTERCEPTOR).advise(named("intercept").and(takesArguments(1))
                        .and(takesArgument(0, named("okhttp3.Interceptor$Chain"))), BodyAdvice.class),
                heldCalls(REAL_CALL_3), heldCalls(REAL_CALL));
    }

    private static TypeHook heldCalls(String realCall) {
        return TypeHook.on(realCall)
                .advise(named("enqueue").and(takesArguments(1)).and(takesArgument(0, named("okhttp3.Callback"))),
                        EnqueueAdvice.class)
                .advise(named("cancel").and(takesArguments(0)), CancelAdvice.class);
    }

    /** OkHttp lives in an application class loader's unnamed module (or an automatic one): nothing to open. */
    @Override
    public void prepare(Instrumentation instrumentation) {
    }
}
