package io.zero429.testapp.exchange;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URI;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The mock exchange on 127.0.0.1: a WireMock server whose every answer comes from {@link Exchange}. The bot reaches
 * it under the real host names (the demo maps them to 127.0.0.1 with {@code -Djdk.net.hosts.file}); the host
 * header picks the API. {@code GET /__zero429/stats} returns the statistics, {@code POST /__zero429/reset} resets.
 *
 * <p>{@code java -cp testapp.jar io.zero429.testapp.exchange.MockExchange [--port N] [--time-scale K]}
 */
public final class MockExchange implements AutoCloseable {
    public static final String STATS_PATH = "/__zero429/stats";
    public static final String RESET_PATH = "/__zero429/reset";

    private final Exchange exchange;
    private final WireMockServer server;

    public MockExchange(int port, TimeScale scale) {
        exchange = new Exchange(scale, System::nanoTime, System::currentTimeMillis);
        server = new WireMockServer(options()
                .bindAddress("127.0.0.1")
                .port(port)
                .containerThreads(200)
                .jettyAcceptors(2)
                .disableRequestJournal()
                .extensions(new Answer()));
        server.start();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(404)));
    }

    public int port() {
        return server.port();
    }

    public Exchange exchange() {
        return exchange;
    }

    private final class Answer implements ResponseDefinitionTransformerV2 {
        @Override
        public ResponseDefinition transform(ServeEvent event) {
            Request request = event.getRequest();
            URI uri = URI.create(request.getUrl());
            if (STATS_PATH.equals(uri.getPath())) {
                return json(new ResponseDefinitionBuilder().withStatus(200), exchange.statsJson());
            }
            if (RESET_PATH.equals(uri.getPath())) {
                exchange.reset();
                return json(new ResponseDefinitionBuilder().withStatus(200), "{\"reset\":true}");
            }
            Map<String, String> headers = new HashMap<>();
            for (HttpHeader header : request.getHeaders().all()) {
                headers.put(header.key().toLowerCase(Locale.ROOT), header.firstValue());
            }
            // HTTP/2 (the JDK client upgrades to h2c) carries the host as :authority, not as a Host header.
            String host = request.getHost() != null ? request.getHost() : headers.getOrDefault("host", "");
            int colon = host.indexOf(':');
            Reply reply = exchange.handle(new Call(request.getMethod().getName(), colon < 0 ? host
                    : host.substring(0, colon), uri.getRawPath(), uri.getRawQuery(), headers, request.getClientIp()));
            ResponseDefinitionBuilder response = new ResponseDefinitionBuilder().withStatus(reply.status());
            reply.headers().forEach(response::withHeader);
            return json(response, reply.body());
        }

        private ResponseDefinition json(ResponseDefinitionBuilder response, String body) {
            return response.withHeader("Content-Type", "application/json; charset=utf-8").withBody(body).build();
        }

        @Override
        public String getName() {
            return "zero429-mock-exchange";
        }
    }

    @Override
    public void close() {
        server.stop();
    }

    public static void main(String[] args) throws Exception {
        int port = 0;
        long scale = 1;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--time-scale" -> scale = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; usage: MockExchange [--port N] [--time-scale K]");
            }
        }
        MockExchange exchange = new MockExchange(port, new TimeScale(scale));
        System.out.println("mock exchange on 127.0.0.1:" + exchange.port() + " (time scale " + scale + "); stats at "
                + "http://127.0.0.1:" + exchange.port() + STATS_PATH);
        Thread.currentThread().join();
    }
}
