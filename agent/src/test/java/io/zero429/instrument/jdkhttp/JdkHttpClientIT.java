package io.zero429.instrument.jdkhttp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zero429.Zero429WaitTimeoutException;
import io.zero429.instrument.testing.AbstractHttpClientTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class JdkHttpClientIT extends AbstractHttpClientTest {
    private final HttpClient client = HttpClient.newHttpClient();

    @Override
    protected String prefix() {
        return "jdk";
    }

    @Override
    protected int send(String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    @Test
    void sendAsyncReturnsAtOnceAndSendsOnATimer() throws Exception {
        warmUp(10);
        long start = System.nanoTime();
        List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            futures.add(client.sendAsync(HttpRequest.newBuilder(URI.create(server.url("/limited/jdk-async/x"))).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        long calls = System.nanoTime() - start;
        // One emission interval is ~102 ms: 30 calls must return long before a single slot would pass.
        assertTrue(calls < TimeUnit.MILLISECONDS.toNanos(100), "30 sendAsync calls took " + calls / 1_000_000 + " ms");
        for (CompletableFuture<HttpResponse<String>> f : futures) {
            assertEquals(200, f.get(30, TimeUnit.SECONDS).statusCode());
        }
        assertEquals(0, server.rejected());
        assertTrue(server.sustainedRate(10) >= 9.7, "rate " + server.sustainedRate(10));
    }

    @Test
    void aWaitTimeoutIsTheDocumentedIOException() throws Exception {
        // jdk-timeout: 1/m with max-wait 1s: the second request would wait a minute.
        assertEquals(200, send(server.url("/limited/jdk-timeout/a")));
        Zero429WaitTimeoutException e = assertThrows(Zero429WaitTimeoutException.class,
                () -> send(server.url("/limited/jdk-timeout/b")));
        assertTrue(e.getMessage().contains("'jdk-timeout'") && e.getMessage().contains("1/m"), e.getMessage());
        ExecutionException async = assertThrows(ExecutionException.class, () -> client.sendAsync(
                HttpRequest.newBuilder(URI.create(server.url("/limited/jdk-timeout/c"))).build(),
                HttpResponse.BodyHandlers.ofString()).get(10, TimeUnit.SECONDS));
        assertTrue(async.getCause() instanceof Zero429WaitTimeoutException, String.valueOf(async.getCause()));
    }
}
