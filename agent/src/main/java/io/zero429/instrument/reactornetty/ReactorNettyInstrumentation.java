package io.zero429.instrument.reactornetty;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.zero429.instrument.ClientInstrumentation;
import io.zero429.instrument.TypeHook;
import java.lang.instrument.Instrumentation;
import java.util.List;

/**
 * Reactor Netty's {@code HttpClient} (and so Spring's {@code WebClient}, and {@code RestClient} on Reactor): every
 * wire attempt of a request (the first, each redirect hop, Reactor Netty's own retry after a reset connection, and
 * every re-subscription by the application's {@code retry()}) asks {@code HttpConnectionProvider.acquire} for a
 * connection, at subscription time. That is where the agent decides and delays ({@link AcquireAdvice}).
 */
public final class ReactorNettyInstrumentation implements ClientInstrumentation {
    static final String PROVIDER = "reactor.netty.http.client.HttpConnectionProvider";
    /** Where each piece of a response's content passes on its way to the application: body codes. */
    static final String OPERATIONS = "reactor.netty.http.client.HttpClientOperations";

    @Override
    public String name() {
        return "Reactor Netty HttpClient";
    }

    @Override
    public List<TypeHook> hooks() {
        return List.of(TypeHook.on(PROVIDER).advise(named("acquire").and(takesArguments(4)), AcquireAdvice.class),
                TypeHook.on(OPERATIONS).advise(named("onInboundNext").and(takesArguments(2)), InboundAdvice.class));
    }

    @Override
    public void prepare(Instrumentation instrumentation) {
        // Reactor Netty is application code: nothing to open.
    }
}
