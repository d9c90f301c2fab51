package io.zero429.instrument.reactornetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zero429.instrument.testing.AbstractHttpClientTest;
import io.zero429.instrument.testing.TestTls;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.LoopResources;

/**
 * Reactor Netty's HttpClient (what Spring's WebClient runs on) as an application configures it: the default
 * connection pool, a response timeout, the test TLS trust and redirects followed. {@code send} blocks on the
 * request's {@code Mono}; {@code sendAsync} subscribes and returns at once.
 */
class ReactorNettyIT extends AbstractHttpClientTest {
    private static final HttpClient CLIENT = HttpClient.create()
            .responseTimeout(Duration.ofMillis(READ_TIMEOUT_MILLIS))
            .followRedirect(true)
            .secure(spec -> spec.sslContext(Http11SslContextSpec.forClient()
                    .configure(builder -> builder.trustManager(TestTls.trustManager()))));

    /**
     * The client does not retry a request whose headers it had sent when the connection was reset (only one reset
     * before that): 4 of 32 requests of the reset rounds failed without the agent in a run, with Netty's
     * "Connection reset by peer". An idle connection the server closed is retried, or noticed before reuse.
     */
    @Override
    protected boolean recoversFromEvery(ConnectionFault fault) {
        return fault == ConnectionFault.IDLE_CLOSE;
    }

    /** Each failsafe execution says which Reactor Netty it put on the class path (agent/pom.xml). */
    @Test
    void runsOnTheReactorNettyTheBuildPutOnTheClassPath() {
        String expected = System.getProperty("zero429.it.reactor-netty.version");
        assumeTrue(expected != null, "run outside the build");
        assertEquals(expected, HttpClient.class.getPackage().getImplementationVersion());
    }

    /**
     * {@code reactor-loop}: 1/s. The second request is subscribed on the event loop (in the first one's response
     * handler) and must wait about a second; a request no rule matches, sent meanwhile on the same single event loop,
     * is answered long before: the wait holds no event-loop thread.
     */
    @Test
    void aRequestThatWaitsHoldsNoEventLoopThread() throws Exception {
        LoopResources oneLoop = LoopResources.create("zero429-it-loop", 1, true);
        try {
            HttpClient client = HttpClient.create().runOn(oneLoop);
            String limited = server.url("/limited/reactor-loop/x");
            long start = System.nanoTime();
            CompletableFuture<Long> second = client.get().uri(limited).responseSingle((first, body) -> body.then())
                    .then(client.get().uri(limited).responseSingle((response, body) -> body.then()))
                    .then(Mono.fromCallable(() -> System.nanoTime() - start)).toFuture();
            Thread.sleep(200); // the first is answered, the second waits for its slot
            long sent = System.nanoTime();
            int unmatched = client.get().uri(server.url("/unlimited/reactor-loop")).responseSingle((response, body) ->
                    body.then(Mono.just(response.status().code()))).block(Duration.ofSeconds(10));
            long unmatchedTook = System.nanoTime() - sent;
            long secondAfter = second.get(10, TimeUnit.SECONDS);
            assertEquals(200, unmatched);
            assertTrue(unmatchedTook < TimeUnit.MILLISECONDS.toNanos(300), "the unmatched request took "
                    + unmatchedTook / 1_000_000 + " ms on the loop the waiting request came from");
            assertTrue(secondAfter >= TimeUnit.MILLISECONDS.toNanos(900), "the second request left after "
                    + secondAfter / 1_000_000 + " ms: it did wait for its slot");
            assertEquals(2, limiter("loop").admitted());
        } finally {
            oneLoop.disposeLater().block(Duration.ofSeconds(10));
        }
    }

    /**
     * A request's {@code Mono} subscribed three times (what the application's {@code retry()} does) goes on the
     * wire three times: each subscription is decided and counted on its own, none is decided once at assembly.
     */
    @Test
    void eachSubscriptionOfARequestIsAWireAttemptCountedOnce() {
        Mono<Integer> request = get(server.url("/limited/reactor-again/x"));
        for (int i = 0; i < 3; i++) {
            assertEquals(200, request.block(Duration.ofSeconds(10)));
        }
        assertEquals(3, server.served());
        assertEquals(3, limiter("again").admitted());
    }

    /**
     * Spring's {@code WebClient} as a Spring application creates it (its default connector is Reactor Netty's):
     * 30 requests at once against the exact 10/s burst 10 server, none rejected, each counted once.
     */
    @Test
    void springWebClientRequestsAreThrottledThroughReactorNetty() throws Exception {
        WebClient web = WebClient.create();
        List<CompletableFuture<Integer>> statuses = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            statuses.add(web.get().uri(server.url("/limited/reactor-web/x")).retrieve().toBodilessEntity()
                    .map(entity -> entity.getStatusCode().value()).toFuture());
        }
        for (CompletableFuture<Integer> status : statuses) {
            assertEquals(200, status.get(30, TimeUnit.SECONDS));
        }
        assertEquals(0, server.rejected());
        assertEquals(30, limiter("web").admitted());
        assertTrue(server.steadyRate(10) >= 9.7, "rate after the burst " + server.steadyRate(10));
    }

    @Override
    protected String prefix() {
        return "reactor";
    }

    /** The status, once the body is read (and its connection back in the pool). */
    private static Mono<Integer> get(String url) {
        return CLIENT.get().uri(url).responseSingle((response, body) -> body.asByteArray()
                .then(Mono.just(response.status().code())));
    }

    @Override
    protected int send(String url) throws Exception {
        try {
            return get(url).block(Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            throw reported(e);
        }
    }

    @Override
    protected CompletableFuture<Integer> sendAsync(String url) {
        CompletableFuture<Integer> status = new CompletableFuture<>();
        get(url).subscribe(status::complete, e -> status.completeExceptionally(reported(e)));
        return status;
    }

    /**
     * What the client reported, as the application meets it: {@code block()} wraps a checked exception in Reactor's
     * own unchecked one. Netty's read timeout is a runtime exception of its own; it is handed on as an
     * {@code IOException} (the base class asks for a client timeout of that kind).
     */
    private static Exception reported(Throwable thrown) {
        Throwable cause = Exceptions.unwrap(thrown);
        if (cause instanceof IOException) {
            return (IOException) cause;
        }
        if (cause instanceof io.netty.handler.timeout.TimeoutException) {
            return new IOException("the client's response timeout", cause);
        }
        return cause instanceof Exception ? (Exception) cause : new RuntimeException(cause);
    }

    /** The body as the application reads it through Reactor Netty, error bodies included. */
    @Override
    protected byte[] sendReadingBody(String url) throws Exception {
        try {
            return CLIENT.get().uri(url).responseSingle((response, body) -> body.asByteArray()
                    .defaultIfEmpty(new byte[0])).block(Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            throw reported(e);
        }
    }

    /** Reactor Netty re-subscribes for each redirect hop: each hop is a new connection acquire, counted. */
    @Override
    protected int countedPerRedirect() {
        return 2;
    }

    /** The wait for the slot comes before the connection is asked for: a refused connection was counted. */
    @Override
    protected int countedForARefusedConnection() {
        return 1;
    }
}
