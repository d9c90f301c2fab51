package io.zero429.instrument.vertx;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.zero429.instrument.ClientInstrumentation;
import io.zero429.instrument.TypeHook;
import java.lang.instrument.Instrumentation;
import java.util.List;

/**
 * Vert.x's {@code HttpClient} 4.5 and 5 (and the {@code WebClient} on it): every request and each redirect hop (the
 * client's own redirect handler and the {@code WebClient}'s both ask the client again) reaches {@code HttpClientImpl}
 * before a connection is taken from the pool: 5.x's {@code request(RequestOptions)}, 4.5's private
 * {@code doRequest(HttpMethod, ..., PromiseInternal)}. That is where the agent decides and delays
 * ({@link Vertx5RequestAdvice}, {@link Vertx4RequestAdvice}). Each
 * request's response reaches {@code HttpClientRequestBase.handleResponse(HttpClientResponse)} once, with its status
 * and headers in ({@link ResponseAdvice}); a request that fails before it goes through
 * {@code HttpClientRequestBase.fail} ({@link FailAdvice}). The body of a response some limiter reads codes in is
 * copied from {@code HttpClientResponseImpl} as its chunks pass to the application ({@link ChunkAdvice},
 * {@link BodyEndAdvice}).
 */
public final class VertxHttpClientInstrumentation implements ClientInstrumentation {
    static final String CLIENT = "io.vertx.core.http.impl.HttpClientImpl";
    static final String REQUEST = "io.vertx.core.http.impl.HttpClientRequestBase";
    static final String RESPONSE = "io.vertx.core.http.impl.HttpClientResponseImpl";
    /** Vert.x 4.5: {@code doRequest(HttpMethod, SocketAddress, String host, int port, ..., PromiseInternal)}. */
    static final int DO_REQUEST_4_ARITY = 14;

    @Override
    public String name() {
        return "Vert.x HttpClient";
    }

    @Override
    public List<TypeHook> hooks() {
        return List.of(
                TypeHook.on(CLIENT)
                        .advise(named("request").and(isPublic()).and(takesArguments(1))
                                .and(takesArgument(0, named("io.vertx.core.http.RequestOptions"))),
                                Vertx5RequestAdvice.class)
                        .advise(named("doRequest").and(takesArguments(DO_REQUEST_4_ARITY))
                                .and(takesArgument(0, named("io.vertx.core.http.HttpMethod")))
                                .and(returns(void.class)), Vertx4RequestAdvice.class),
                TypeHook.on(REQUEST)
                        .advise(named("handleResponse").and(takesArguments(1)), ResponseAdvice.class)
                        .advise(named("fail").and(takesArguments(1)), FailAdvice.class),
                TypeHook.on(RESPONSE)
                        .advise(named("handleChunk").and(takesArguments(1)), ChunkAdvice.class)
                        .advise(named("handleEnd").or(named("handleTrailers")).or(named("handleException"))
                                .and(takesArguments(1)), BodyEndAdvice.class));
    }

    @Override
    public void prepare(Instrumentation instrumentation) {
        // Vert.x is application code: nothing to open.
    }
}
