package io.zero429.instrument;

import io.zero429.instrument.apache4.ApacheHttpClient4Instrumentation;
import io.zero429.instrument.apache5.ApacheHttpClient5Instrumentation;
import io.zero429.instrument.jdkhttp.JdkHttpClientInstrumentation;
import io.zero429.instrument.jetty.JettyHttpClientInstrumentation;
import io.zero429.instrument.jetty9.Jetty9HttpClientInstrumentation;
import io.zero429.instrument.okhttp.OkHttpInstrumentation;
import io.zero429.instrument.reactornetty.ReactorNettyInstrumentation;
import io.zero429.instrument.urlconnection.HttpUrlConnectionInstrumentation;
import io.zero429.instrument.vertx.VertxHttpClientInstrumentation;
import java.util.List;

/** Every client family the agent hooks. A new client is one package under {@code io.zero429.instrument} and one line here. */
public final class Instrumentations {
    private Instrumentations() {
    }

    public static List<ClientInstrumentation> all() {
        return List.of(
                new JdkHttpClientInstrumentation(),
                new HttpUrlConnectionInstrumentation(),
                new OkHttpInstrumentation(),
                new ApacheHttpClient4Instrumentation(),
                new ApacheHttpClient5Instrumentation(),
                new ReactorNettyInstrumentation(),
                new JettyHttpClientInstrumentation(),
                new Jetty9HttpClientInstrumentation(),
                new VertxHttpClientInstrumentation());
    }
}
