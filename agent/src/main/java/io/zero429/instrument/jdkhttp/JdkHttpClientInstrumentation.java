package io.zero429.instrument.jdkhttp;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.zero429.instrument.ClientInstrumentation;
import io.zero429.instrument.Hooks;
import io.zero429.instrument.TypeHook;
import java.lang.instrument.Instrumentation;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@code java.net.http.HttpClient}: {@code send} and {@code sendAsync} of the JDK implementation. */
public final class JdkHttpClientInstrumentation implements ClientInstrumentation {
    static final String IMPL = "jdk.internal.net.http.HttpClientImpl";

    @Override
    public String name() {
        return "java.net.http.HttpClient";
    }

    @Override
    public List<TypeHook> hooks() {
        return List.of(TypeHook.on(IMPL)
                .advise(named("send").and(takesArguments(2)), SendAdvice.class)
                .advise(named("sendAsync").and(takesArguments(3)).and(isPublic()), SendAsyncAdvice.class));
    }

    /** Code inlined into the java.net.http module calls the agent, which sits in the boot loader's unnamed module. */
    @Override
    public void prepare(Instrumentation instrumentation) {
        Optional<Module> httpModule = ModuleLayer.boot().findModule("java.net.http");
        if (httpModule.isPresent()) {
            Set<Module> reads = Collections.singleton(Hooks.class.getModule());
            instrumentation.redefineModule(httpModule.get(), reads, Collections.emptyMap(), Collections.emptyMap(),
                    Collections.emptySet(), Collections.emptyMap());
        }
    }
}
