package io.zero429.instrument.apache4;

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
 * Apache HttpClient 4.3+ ({@code HttpClientBuilder}, {@code HttpClients.createDefault/createMinimal/custom}).
 *
 * <p>The hook is the exec-chain element that runs once per wire attempt, below the redirect and retry handlers:
 * {@code MainClientExec.execute} (full clients) or {@code MinimalClientExec.execute} (minimal ones). Every hop of a
 * followed redirect and every automatic retry passes through it again and is counted; the {@code execute}
 * overloads, {@code ResponseHandler} variants and clients wrapping other clients all end in one call of it per
 * attempt, so nothing is counted twice. A request that must wait does so at its entry, before a pooled connection
 * is leased, so waiting never holds a connection; one that need not wait is admitted when httpcore's
 * {@code HttpRequestExecutor} writes it on its open connection ({@link io.zero429.instrument.apache.Attempt}).
 *
 * <p>A wait-timeout is an {@code IOException} thrown below {@code RetryExec}: the default retry handler is told not
 * to retry it ({@link RetryHandlerAdvice}). Where a limiter listens to body codes, the entity the application gets
 * from the response is watched ({@link GetEntityAdvice}).
 */
public final class ApacheHttpClient4Instrumentation implements ClientInstrumentation {
    static final String MAIN_EXEC = "org.apache.http.impl.execchain.MainClientExec";
    static final String MINIMAL_EXEC = "org.apache.http.impl.execchain.MinimalClientExec";
    static final String REQUEST_EXECUTOR = "org.apache.http.protocol.HttpRequestExecutor";
    static final String RETRY_HANDLER = "org.apache.http.impl.client.DefaultHttpRequestRetryHandler";
    /** The {@code CloseableHttpResponse} both execs return, which the application reads. */
    static final String RESPONSE_PROXY = "org.apache.http.impl.execchain.HttpResponseProxy";

    @Override
    public String name() {
        return "Apache HttpClient 4";
    }

    @Override
    public List<TypeHook> hooks() {
        ElementMatcher<MethodDescription> exec = named("execute").and(takesArguments(4))
                .and(takesArgument(1, named("org.apache.http.client.methods.HttpRequestWrapper")));
        return List.of(
                TypeHook.on(MAIN_EXEC).advise(exec, ExecAdvice.class),
                TypeHook.on(MINIMAL_EXEC).advise(exec, ExecAdvice.class),
                TypeHook.on(REQUEST_EXECUTOR).advise(named("execute").and(takesArguments(3))
                        .and(takesArgument(1, named("org.apache.http.HttpClientConnection"))), WireAdvice.class),
                TypeHook.on(RETRY_HANDLER).advise(named("retryRequest").and(takesArguments(3))
                        .and(takesArgument(0, named("java.io.IOException"))), RetryHandlerAdvice.class),
                TypeHook.on(RESPONSE_PROXY).advise(named("getEntity").and(takesArguments(0)), GetEntityAdvice.class));
    }

    /** HttpClient lives in an application class loader's unnamed module (or an automatic one): nothing to open. */
    @Override
    public void prepare(Instrumentation instrumentation) {
    }
}
