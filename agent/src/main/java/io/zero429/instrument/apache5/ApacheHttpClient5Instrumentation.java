package io.zero429.instrument.apache5;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.zero429.instrument.ClientInstrumentation;
import io.zero429.instrument.TypeHook;
import java.lang.instrument.Instrumentation;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Apache HttpClient 5, classic and async.
 *
 * <p>The hooks are the exec-chain elements that run once per wire attempt, below the redirect, retry and
 * authentication handlers, and before a connection is leased: {@code ConnectExec.execute} (classic clients from
 * {@code HttpClientBuilder}) and {@code AsyncConnectExec.execute} (async clients from {@code HttpAsyncClientBuilder}
 * and {@code H2AsyncClientBuilder}). Every hop of a followed redirect, every automatic retry (HttpClient 5 re-sends a
 * 429 or 503 once by default, after its Retry-After) and every re-send answering an authentication challenge passes
 * through them again and is counted; the {@code execute} overloads, response-handler variants and clients wrapping
 * other clients all end in one call per attempt. {@code MinimalHttpClient} ({@code HttpClients.createMinimal()})
 * has no chain: its {@code doExecute} is the attempt.
 *
 * <p>A request that must wait does so there, before the lease, so waiting never holds a connection; one that need
 * not wait is admitted where it is written on its open connection: {@code InternalExecRuntime.execute} (classic),
 * {@code HttpAsyncMainClientExec} / {@code H2AsyncMainClientExec} (async). See
 * {@link io.zero429.instrument.apache.Attempt}.
 *
 * <p>Classic clients: when a limiter listens to body codes, the entity the application gets from
 * {@code CloseableHttpResponse.getEntity()} is watched ({@link io.zero429.instrument.apache.ResponseBodies}).
 *
 * <p>A wait-timeout is an {@code IOException} seen by the retry handler above the hook: the default retry strategy
 * is told not to retry it ({@link RetryStrategyAdvice}).
 */
public final class ApacheHttpClient5Instrumentation implements ClientInstrumentation {
    static final String CONNECT_EXEC = "org.apache.hc.client5.http.impl.classic.ConnectExec";
    static final String MINIMAL_CLIENT = "org.apache.hc.client5.http.impl.classic.MinimalHttpClient";
    static final String EXEC_RUNTIME = "org.apache.hc.client5.http.impl.classic.InternalExecRuntime";
    static final String ASYNC_CONNECT_EXEC = "org.apache.hc.client5.http.impl.async.AsyncConnectExec";
    static final String ASYNC_MAIN_EXEC = "org.apache.hc.client5.http.impl.async.HttpAsyncMainClientExec";
    static final String H2_MAIN_EXEC = "org.apache.hc.client5.http.impl.async.H2AsyncMainClientExec";
    static final String CLOSEABLE_RESPONSE = "org.apache.hc.client5.http.impl.classic.CloseableHttpResponse";
    static final String RETRY_STRATEGY = "org.apache.hc.client5.http.impl.DefaultHttpRequestRetryStrategy";

    @Override
    public String name() {
        return "Apache HttpClient 5";
    }

    @Override
    public List<TypeHook> hooks() {
        ElementMatcher<MethodDescription> asyncExec = named("execute").and(takesArguments(5));
        return List.of(
                TypeHook.on(CONNECT_EXEC).advise(named("execute").and(takesArguments(3)), ConnectExecAdvice.class),
                TypeHook.on(MINIMAL_CLIENT).advise(named("doExecute").and(takesArguments(3)),
                        MinimalClientAdvice.class),
                TypeHook.on(EXEC_RUNTIME).advise(named("execute")
                        .and(takesArgument(1, named("org.apache.hc.core5.http.ClassicHttpRequest"))), WireAdvice.class),
                TypeHook.on(ASYNC_CONNECT_EXEC).advise(asyncExec, AsyncConnectExecAdvice.class),
                TypeHook.on(ASYNC_MAIN_EXEC).advise(asyncExec, AsyncMainExecAdvice.class),
                TypeHook.on(H2_MAIN_EXEC).advise(asyncExec, AsyncMainExecAdvice.class),
                TypeHook.on(CLOSEABLE_RESPONSE).advise(named("getEntity").and(takesArguments(0)),
                        GetEntityAdvice.class),
                TypeHook.on(RETRY_STRATEGY).advise(named("retryRequest").and(takesArguments(4))
                        .and(takesArgument(1, named("java.io.IOException"))), RetryStrategyAdvice.class));
    }

    /** HttpClient lives in an application class loader's unnamed module (or an automatic one): nothing to open. */
    @Override
    public void prepare(Instrumentation instrumentation) {
    }
}
