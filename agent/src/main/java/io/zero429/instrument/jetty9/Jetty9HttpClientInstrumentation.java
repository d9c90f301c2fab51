package io.zero429.instrument.jetty9;

import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.isPrivate;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.zero429.instrument.ClientInstrumentation;
import io.zero429.instrument.TypeHook;
import java.lang.instrument.Instrumentation;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Jetty's {@code HttpClient} 9.4, 10 and 11 ({@code org.eclipse.jetty.client}, API in {@code .client.api}): the same
 * points as Jetty 12's hook ({@link io.zero429.instrument.jetty.JettyHttpClientInstrumentation}) under their older
 * names. Every request, redirect hop and authentication re-send goes through {@code HttpRequest.send(listener)}, the
 * blocking {@code send()} too; 9.4 releases before about 9.4.30 route both through a private
 * {@code send(HttpRequest, listener)} instead, advised in their place. {@code ResponseNotifier} tells the listeners
 * of each hop's headers, each piece of body, its success and the end of the exchange.
 */
public final class Jetty9HttpClientInstrumentation implements ClientInstrumentation {
    static final String REQUEST = "org.eclipse.jetty.client.HttpRequest";
    static final String NOTIFIER = "org.eclipse.jetty.client.ResponseNotifier";
    private static final String RESPONSE = "org.eclipse.jetty.client.api.Response";

    @Override
    public String name() {
        return "Jetty HttpClient 9.4-11";
    }

    @Override
    public List<TypeHook> hooks() {
        return List.of(
                TypeHook.on(REQUEST)
                        .advise(named("send").and(takesArguments(1)).and(isPublic())
                                .and(isDeclaredBy(not(declaresMethod(named("send").and(takesArguments(2)))))),
                                SendAdvice.class)
                        .advise(named("send").and(takesArguments(2)).and(isPrivate()), PrivateSendAdvice.class),
                TypeHook.on(NOTIFIER)
                        .advise(named("notifyHeaders").and(takesArguments(2)).and(isPublic()).and(not(isStatic())),
                                HeadersAdvice.class)
                        .advise(named("notifySuccess").and(takesArguments(2)).and(isPublic()).and(not(isStatic())),
                                SuccessAdvice.class)
                        .advise(named("notifyComplete").and(takesArguments(2)).and(isPublic()).and(not(isStatic())),
                                CompleteAdvice.class)
                        // 9.4.30+ and 10/11: (Response, demand, ByteBuffer, Callback, listeners); older 9.4:
                        // (Response, ByteBuffer, Callback, listeners). The (listeners, Response, ...) overload of old
                        // 9.4 forwards stored content and is left alone.
                        .advise(named("notifyContent").and(isPublic()).and(not(isStatic()))
                                .and(takesArgument(0, named(RESPONSE))).and(takesArguments(5))
                                .and(takesArgument(2, ByteBuffer.class)), ContentAdvice.class)
                        .advise(named("notifyContent").and(isPublic()).and(not(isStatic()))
                                .and(takesArgument(0, named(RESPONSE))).and(takesArguments(4))
                                .and(takesArgument(1, ByteBuffer.class)), OldContentAdvice.class));
    }

    @Override
    public void prepare(Instrumentation instrumentation) {
        // Jetty is application code: nothing to open.
    }
}
