package io.zero429.instrument.urlconnection;

import static net.bytebuddy.matcher.ElementMatchers.isPrivate;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.zero429.instrument.ClientInstrumentation;
import io.zero429.instrument.Hooks;
import io.zero429.instrument.TypeHook;
import java.lang.instrument.Instrumentation;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code HttpURLConnection}, http and https: the JDK's {@code sun.net.www.protocol.http.HttpURLConnection} (the https
 * implementation delegates to a subclass of it). Its private {@code writeRequests()} puts one request on the wire,
 * whatever the application called ({@code getOutputStream} in streaming mode, {@code getInputStream},
 * {@code getResponseCode}, {@code getHeaderField}...) and once per redirect hop, so throttling there counts each
 * wire request exactly once and never a request the connection could not even connect for. The response is read
 * when the outermost {@code getInputStream()} returns or throws (it throws for 4xx/5xx after the status is known);
 * its body, when a limiter listens to body codes, as the application reads the stream {@code getInputStream()} or
 * {@code getErrorStream()} returns.
 */
public final class HttpUrlConnectionInstrumentation implements ClientInstrumentation {
    static final String IMPL = "sun.net.www.protocol.http.HttpURLConnection";

    @Override
    public String name() {
        return "HttpURLConnection";
    }

    @Override
    public List<TypeHook> hooks() {
        return List.of(TypeHook.on(IMPL)
                .advise(named("writeRequests").and(takesArguments(0)).and(isPrivate()), WriteRequestsAdvice.class)
                .advise(named("getInputStream").and(takesArguments(0)).and(isPublic()), GetInputStreamAdvice.class)
                .advise(named("getErrorStream").and(takesArguments(0)).and(isPublic()), GetErrorStreamAdvice.class));
    }

    /**
     * Code inlined into {@code java.base} calls the agent in the boot loader's unnamed module (a read edge), and the
     * agent reads header values from {@code sun.net.www.MessageHeader} (an export, for reflection on its public
     * {@code findValue}).
     */
    @Override
    public void prepare(Instrumentation instrumentation) {
        Module agent = Hooks.class.getModule();
        Module base = Object.class.getModule();
        Map<String, Set<Module>> exports = Collections.singletonMap(ConnectionTickets.HEADERS_PACKAGE,
                Collections.singleton(agent));
        instrumentation.redefineModule(base, Collections.singleton(agent), exports, Collections.emptyMap(),
                Collections.emptySet(), Collections.emptyMap());
    }
}
