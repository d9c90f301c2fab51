package io.zero429.instrument.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.TrustOptions;
import io.vertx.ext.web.client.WebClient;
import io.zero429.Zero429WaitTimeoutException;
import io.zero429.instrument.testing.AbstractHttpClientTest;
import io.zero429.instrument.testing.TestTls;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Vert.x's HttpClient (5.x, and 4.5 in a second failsafe execution: agent/pom.xml) as an application configures it:
 * the default pool, the test TLS trust, redirects followed, a timeout per request. {@code send} waits for the
 * request's future; {@code sendAsync} returns it at once.
 */
class VertxHttpClientIT extends AbstractHttpClientTest {
    private static Vertx vertx;
    private static HttpClient client;

    @BeforeAll
    static void startClient() throws Exception {
        vertx = Vertx.vertx();
        client = newClient(vertx, new HttpClientOptions().setTrustOptions(TrustOptions.wrap(TestTls.trustManager())));
    }

    @AfterAll
    static void stopClient() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /**
     * {@code vertx.createHttpClient(options)}: it returns an {@code HttpClient} in 4.5 and an {@code HttpClientAgent}
     * (an {@code HttpClient}) in 5, so this test, compiled against 5, calls it by name to run on both.
     */
    private static HttpClient newClient(Vertx vertx, HttpClientOptions options) throws Exception {
        return (HttpClient) Vertx.class.getMethod("createHttpClient", HttpClientOptions.class).invoke(vertx, options);
    }

    /** Each failsafe execution says which Vert.x it put on the class path (agent/pom.xml). */
    @Test
    void runsOnTheVertxTheBuildPutOnTheClassPath() {
        String expected = System.getProperty("zero429.it.vertx.version");
        assumeTrue(expected != null, "run outside the build");
        assertEquals(expected, Vertx.class.getPackage().getImplementationVersion());
    }

    /**
     * Vert.x closes a pooled connection the server closed when it notices; a request written to a connection that
     * turns out reset is failed, not sent again: the reset rounds are compared with the same rounds without the agent.
     */
    @Override
    protected boolean recoversFromEvery(ConnectionFault fault) {
        return fault == ConnectionFault.IDLE_CLOSE;
    }

    /**
     * {@code vertx-loop}: 1/s, on a Vert.x with a single event loop. The second request is made on the event loop (in
     * the first one's response handler) and must wait about a second; a request no rule matches, made meanwhile on the
     * same event loop, is answered long before: the wait holds no event-loop thread.
     */
    @Test
    void aRequestThatWaitsHoldsNoEventLoopThread() throws Exception {
        Vertx oneLoop = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        try {
            HttpClient looped = newClient(oneLoop, new HttpClientOptions());
            String limited = server.url("/limited/vertx-loop/x");
            long start = System.nanoTime();
            CompletableFuture<Long> second = status(looped, limited)
                    .compose(first -> status(looped, limited))
                    .map(status -> System.nanoTime() - start)
                    .toCompletionStage().toCompletableFuture();
            Thread.sleep(200); // the first is answered, the second waits for its slot
            long sent = System.nanoTime();
            CompletableFuture<Integer> unmatched = new CompletableFuture<>();
            oneLoop.getOrCreateContext().runOnContext(onLoop -> status(looped, server.url("/unlimited/vertx-loop"))
                    .onComplete(result -> {
                        if (result.succeeded()) {
                            unmatched.complete(result.result());
                        } else {
                            unmatched.completeExceptionally(result.cause());
                        }
                    }));
            assertEquals(200, unmatched.get(10, TimeUnit.SECONDS));
            long unmatchedTook = System.nanoTime() - sent;
            long secondAfter = second.get(10, TimeUnit.SECONDS);
            assertTrue(unmatchedTook < TimeUnit.MILLISECONDS.toNanos(300), "the unmatched request took "
                    + unmatchedTook / 1_000_000 + " ms on the loop the waiting request came from");
            assertTrue(secondAfter >= TimeUnit.MILLISECONDS.toNanos(900), "the second request left after "
                    + secondAfter / 1_000_000 + " ms: it did wait for its slot");
            assertEquals(2, limiter("loop").admitted());
        } finally {
            oneLoop.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /** Vert.x's request timeout: it starts its connect and idle timeouts when it asks the pool, after the wait. */
    @Override
    protected Integer sendWithRequestTimeout(String url, long millis) throws Exception {
        return await(status(client, new RequestOptions().setAbsoluteURI(url).setTimeout(millis)));
    }

    /**
     * Vert.x's {@code WebClient} as an application creates it: 30 requests at once against the exact 10/s burst 10
     * server, none rejected, each counted once.
     */
    @Test
    void webClientRequestsAreThrottledThroughTheHttpClient() throws Exception {
        WebClient web = WebClient.create(vertx);
        try {
            List<CompletableFuture<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                statuses.add(web.getAbs(server.url("/limited/vertx-web/x")).send()
                        .map(response -> response.statusCode()).toCompletionStage().toCompletableFuture());
            }
            for (CompletableFuture<Integer> status : statuses) {
                assertEquals(200, status.get(30, TimeUnit.SECONDS));
            }
        } finally {
            web.close();
        }
        assertEquals(0, server.rejected());
        assertEquals(30, limiter("web").admitted());
        assertTrue(server.steadyRate(10) >= 9.7, "rate after the burst " + server.steadyRate(10));
    }

    /**
     * {@code vertx-keyed}: 1/m for each {@code X-Api-Key}, max-wait 1 s. The key is read from the headers of the
     * request's {@code RequestOptions} (where the {@code WebClient} puts its headers too).
     */
    @Test
    void aPartitionedRuleTakesItsKeyFromTheRequestOptionsHeaders() throws Exception {
        assertEquals(200, sendWithKey("/limited/vertx-keyed/1", "alice"));
        assertEquals(200, sendWithKey("/limited/vertx-keyed/2", "bob"), "another key, another budget");
        assertThrows(Zero429WaitTimeoutException.class, () -> sendWithKey("/limited/vertx-keyed/3", "alice"));
        WebClient web = WebClient.create(vertx);
        try {
            assertThrows(Zero429WaitTimeoutException.class, () -> await(web.getAbs(server.url("/limited/vertx-keyed/4"))
                    .putHeader("X-Api-Key", "bob").send().map(response -> response.statusCode())));
        } finally {
            web.close();
        }
        assertEquals(2, server.served());
    }

    private int sendWithKey(String path, String key) throws Exception {
        return await(status(client, get(server.url(path)).putHeader("X-Api-Key", key)));
    }

    @Override
    protected String prefix() {
        return "vertx";
    }

    private static RequestOptions get(String url) {
        return new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url).setFollowRedirects(true)
                .setIdleTimeout(READ_TIMEOUT_MILLIS);
    }

    private static Future<Integer> status(HttpClient on, String url) {
        return status(on, get(url));
    }

    /**
     * The status, once the body is read (and its connection back in the pool). The body is asked for in the callback of
     * the response's own future, as Vert.x's documentation does: a callback chained further out may run after the
     * body's first chunks were dropped.
     */
    private static Future<Integer> status(HttpClient on, RequestOptions options) {
        return on.request(options).compose(request -> request.send()
                .compose(response -> response.body().map(body -> response.statusCode())));
    }

    private static <T> T await(Future<T> future) throws Exception {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw reported(e.getCause());
        }
    }

    @Override
    protected int send(String url) throws Exception {
        return await(status(client, url));
    }

    @Override
    protected CompletableFuture<Integer> sendAsync(String url) {
        CompletableFuture<Integer> status = new CompletableFuture<>();
        status(client, url).onComplete(result -> {
            if (result.succeeded()) {
                status.complete(result.result());
            } else {
                status.completeExceptionally(reported(result.cause()));
            }
        });
        return status;
    }

    /**
     * What the client reported, as the application meets it. Vert.x's request timeout is a
     * {@code java.util.concurrent.TimeoutException}, handed on as an {@code IOException} (the base class asks for a
     * client timeout of that kind).
     */
    private static Exception reported(Throwable cause) {
        if (cause instanceof TimeoutException) {
            return new IOException("the client's timeout", cause);
        }
        return cause instanceof Exception ? (Exception) cause : new RuntimeException(cause);
    }

    /** The body as the application reads it through Vert.x ({@code body()}), error bodies included. */
    @Override
    protected byte[] sendReadingBody(String url) throws Exception {
        return await(client.request(get(url)).compose(request -> request.send()
                .compose(response -> response.body())).map(body -> body.getBytes()));
    }

    /** Vert.x asks the client again for each redirect hop: each hop counted. */
    @Override
    protected int countedPerRedirect() {
        return 2;
    }

    /** The wait for the slot comes before the pool is asked for a connection: a refused connection was counted. */
    @Override
    protected int countedForARefusedConnection() {
        return 1;
    }
}
