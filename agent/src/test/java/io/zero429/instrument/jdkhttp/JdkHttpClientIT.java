package io.zero429.instrument.jdkhttp;

import io.zero429.instrument.testing.AbstractHttpClientTest;
import io.zero429.instrument.testing.TestTls;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

class JdkHttpClientIT extends AbstractHttpClientTest {
    private final HttpClient client = HttpClient.newBuilder()
            .sslContext(TestTls.sslContext())
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    @Override
    protected String prefix() {
        return "jdk";
    }

    private static HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMillis(READ_TIMEOUT_MILLIS)).build();
    }

    @Override
    protected int send(String url) throws Exception {
        return client.send(get(url), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Override
    protected CompletableFuture<Integer> sendAsync(String url) {
        return client.sendAsync(get(url), HttpResponse.BodyHandlers.ofString()).thenApply(HttpResponse::statusCode);
    }

    @Override
    protected byte[] sendReadingBody(String url) throws Exception {
        return client.send(get(url), HttpResponse.BodyHandlers.ofByteArray()).body();
    }

    /** The client follows redirects inside its exchange, below {@code send}: the agent sees the first request only. */
    @Override
    protected int countedPerRedirect() {
        return 1;
    }
}
