package io.zero429.instrument.jetty;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.zero429.instrument.ClientInstrumentation;
import io.zero429.instrument.TypeHook;
import java.lang.instrument.Instrumentation;
import java.util.List;

/**
 * Jetty's {@code HttpClient} 12 ({@code org.eclipse.jetty.client.transport}): every request, each redirect hop and
 * each authentication re-send (a copy of the request Jetty sends again) goes through
 * {@code HttpRequest.send(Response.CompleteListener)}, the blocking {@code send()} too: that is where the agent
 * decides and delays ({@link SendAdvice}). The response of each hop reaches {@code ResponseListeners.notifyHeaders}
 * once, with its status and headers in ({@link HeadersAdvice}); every exchange ends in
 * {@code ResponseListeners.notifyComplete} ({@link CompleteAdvice}). A body some limiter reads codes in is copied as
 * the application reads it from the content source Jetty hands its listeners ({@link ContentSourceAdvice},
 * {@link ReadAdvice}).
 */
public final class JettyHttpClientInstrumentation implements ClientInstrumentation {
    static final String REQUEST = "org.eclipse.jetty.client.transport.HttpRequest";
    static final String LISTENERS = "org.eclipse.jetty.client.transport.ResponseListeners";
    /** The content sources a response body is read from: the receiver's, and the decoding one for compressed bodies. */
    static final String CONTENT_SOURCE = "org.eclipse.jetty.client.transport.HttpReceiver$ContentSource";
    static final String DECODED_CONTENT_SOURCE = "org.eclipse.jetty.client.transport.HttpReceiver$DecodedContentSource";

    @Override
    public String name() {
        return "Jetty HttpClient 12";
    }

    @Override
    public List<TypeHook> hooks() {
        return List.of(
                TypeHook.on(REQUEST).advise(named("send").and(takesArguments(1)).and(isPublic()), SendAdvice.class),
                TypeHook.on(LISTENERS)
                        .advise(named("notifyHeaders").and(takesArguments(1)).and(isPublic()).and(not(isStatic())),
                                HeadersAdvice.class)
                        .advise(named("notifyComplete").and(takesArguments(1)).and(isPublic()).and(not(isStatic())),
                                CompleteAdvice.class)
                        .advise(named("notifyContentSource").and(takesArguments(2)).and(isPublic())
                                .and(not(isStatic())), ContentSourceAdvice.class),
                TypeHook.on(CONTENT_SOURCE).advise(named("read").and(takesArguments(0)), ReadAdvice.class),
                TypeHook.on(DECODED_CONTENT_SOURCE).advise(named("read").and(takesArguments(0)), ReadAdvice.class));
    }

    @Override
    public void prepare(Instrumentation instrumentation) {
        // Jetty is application code: nothing to open.
    }
}
