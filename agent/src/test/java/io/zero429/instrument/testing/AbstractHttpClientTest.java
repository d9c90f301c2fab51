package io.zero429.instrument.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zero429.Zero429Exception;
import io.zero429.Zero429WaitTimeoutException;
import io.zero429.instrument.Hooks;
import io.zero429.limit.Limiter;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cases every client must pass, run in a JVM started with the real shaded agent jar and
 * {@code src/test/resources/rules/agent-it.properties} (see the failsafe configuration), against a
 * {@link LimitedServer}. Each client supplies an adapter: how to send a request and read its status, and how many
 * wire requests it lets the agent see. Each client has its own limiters, named after {@link #prefix()}, so the cases
 * of different clients never share a budget.
 *
 * <p>The adapter's client must: trust {@link TestTls#sslContext()}, follow redirects, and give up reading after
 * {@link #READ_TIMEOUT_MILLIS}. {@link #send} returns the status of any response (4xx and 5xx too) and lets
 * exceptions through unwrapped.
 */
public abstract class AbstractHttpClientTest {
    /** The read timeout every adapter's client uses; {@code /slow/**} answers only after {@link LimitedServer#SLOW_MILLIS}. */
    protected static final int READ_TIMEOUT_MILLIS = 1000;

    protected static LimitedServer server;

    /** Names this client's limiters and paths, e.g. {@code jdk}: its burst rule matches {@code /limited/jdk/**}. */
    protected abstract String prefix();

    /** Sends a GET and returns the status, blocking until the response is back. */
    protected abstract int send(String url) throws Exception;

    /**
     * Sends a GET through the client's asynchronous API; the future completes with the status, or exceptionally with
     * what the client reported (for callback APIs, the exception given to the failure callback). Null: the client has
     * no asynchronous API.
     */
    protected CompletableFuture<Integer> sendAsync(String url) throws Exception {
        return null;
    }

    /**
     * Wire requests the agent counts for one request answered by a redirect and then followed: 2 when it sees each hop
     * (the client re-enters the hooked method per hop), 1 when the client follows redirects where the agent cannot see.
     * The README's client table says which.
     */
    protected abstract int countedPerRedirect();

    /**
     * Requests the agent counts when the connection is refused: 1 when the client waits for its slot before
     * connecting, 0 when it waits after the connection is open, just before the request is written.
     */
    protected int countedForARefusedConnection() {
        return 1;
    }

    /**
     * Sends a GET and returns the body as the application reads it (the error body of a 4xx/5xx too), or null when
     * the agent does not watch this client's bodies (the README's client table): the body-signal cases are skipped.
     */
    protected byte[] sendReadingBody(String url) throws Exception {
        return null;
    }

    /**
     * Sends a GET through a client with its default connection pool, as an ordinary application has it, and returns
     * the status (the cases with {@link KeepAliveFaultServer}). Default: {@link #send}, for adapters whose client keeps
     * the default pool behaviour.
     */
    protected int sendOnDefaultPool(String url) throws Exception {
        return send(url);
    }

    /** {@link #sendOnDefaultPool} through the asynchronous API, or null (see {@link #sendAsync}). */
    protected CompletableFuture<Integer> sendAsyncOnDefaultPool(String url) throws Exception {
        return sendAsync(url);
    }

    /**
     * Sends a GET with the client's own per-request timeout of {@code millis} (where the client starts it when it
     * sends: Jetty's total timeout, Vert.x's connect and idle timeouts) and returns the status, or null when the
     * client has no such timeout that a wait before sending could eat (the case is skipped).
     */
    protected Integer sendWithRequestTimeout(String url, long millis) throws Exception {
        return null;
    }

    /** What {@link KeepAliveFaultServer} does to pooled connections in the fault rounds. */
    protected enum ConnectionFault {
        /** Closes (FIN) a keep-alive connection idle too long: the client may reuse it before it notices. */
        IDLE_CLOSE,
        /** Resets (RST) a reused connection instead of answering the request that came on it. */
        RESET
    }

    /**
     * Whether the client, as configured, answers every request of the fault rounds by itself (it retries the attempt
     * that met the fault on another connection). False where its retry can give up, so that the application sees
     * some of the server's faults with or without the agent, which ones depending on timing.
     */
    protected boolean recoversFromEvery(ConnectionFault fault) {
        return true;
    }

    @BeforeAll
    static void startServer() {
        server = new LimitedServer(10, 10);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void resetServer() {
        server.reset();
    }

    protected Limiter limiter(String suffix) {
        assertNotNull(Hooks.engine(), "the agent is running in this JVM");
        return Hooks.engine().pool().shared(suffix.isEmpty() ? prefix() : prefix() + "-" + suffix);
    }

    @Test
    void aBurstOf50ConcurrentRequestsStaysUnderTheServerLimitAtFullSpeed() throws Exception {
        // No warm-up: the burst opens its own connections, as a bot's first burst does, and the server forgives none
        // of their lateness.
        ExecutorService pool = Executors.newFixedThreadPool(50);
        List<Future<Integer>> statuses = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            statuses.add(pool.submit(() -> send(server.url("/limited/" + prefix() + "/burst"))));
        }
        long start = System.nanoTime();
        int limited = 0;
        for (Future<Integer> status : statuses) {
            limited += status.get(30, TimeUnit.SECONDS) == 200 ? 0 : 1;
        }
        pool.shutdown();
        assertEquals(0, limited, "429 responses; server accepted " + server.accepted() + ", refused "
                + server.rejected() + " in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        assertEquals(0, server.rejected(), "requests the server saw over its limit");
        assertEquals(50, server.accepted());
        assertEquals(50, limiter("").admitted(), "each request counted exactly once");
        double rate = server.steadyRate(10);
        assertTrue(rate >= 0.97 * 10 && rate <= 10.5, "achieved " + rate + "/s of 10/s after the burst (with the "
                + "opening burst's anchoring: " + server.sustainedRate(10) + "/s)");
    }

    @Test
    void aRequestNoRuleMatchesIsNotDelayed() throws Exception {
        // Exhaust the limiter first: a matching request would now wait a minute.
        Limiter limiter = limiter("free-check");
        while (limiter.tryAcquire(1)) {
            // drain
        }
        long start = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            assertEquals(200, send(server.url("/unlimited/" + prefix())));
        }
        long elapsed = System.nanoTime() - start;
        assertTrue(elapsed < TimeUnit.SECONDS.toNanos(1), "20 unmatched requests took " + elapsed / 1_000_000 + " ms");
    }

    @Test
    void a429WithRetryAfterPausesTheLimiterAndLowersItsRatio() throws Exception {
        Limiter limiter = limiter("teapot");
        assertEquals(429, send(server.url("/teapot/" + prefix())));
        long pausedFor = limiter.pausedUntil() - System.nanoTime();
        assertTrue(pausedFor > TimeUnit.MILLISECONDS.toNanos(1500) && pausedFor <= TimeUnit.SECONDS.toNanos(2),
                "paused for " + pausedFor / 1_000_000 + " ms");
        assertTrue(limiter.rateRatio() < 1.0, "ratio " + limiter.rateRatio());
    }

    @Test
    void httpsRequestsAreThrottledLikePlainOnes() throws Exception {
        Limiter limiter = limiter("tls");
        // No warm-up: the first request pays the TLS handshake after the agent let it go.
        long start = System.nanoTime();
        for (int i = 0; i < 12; i++) {
            assertEquals(200, send(server.httpsUrl("/limited/" + prefix() + "-tls/x")));
        }
        long elapsed = System.nanoTime() - start;
        assertEquals(12, limiter.admitted());
        assertEquals(0, server.rejected());
        // Burst 10, then two more at ~102 ms each: the limiter made the last two wait.
        assertTrue(elapsed >= TimeUnit.MILLISECONDS.toNanos(150), "12 requests at 10/s burst 10 took "
                + elapsed / 1_000_000 + " ms");
    }

    @Test
    void aFollowedRedirectIsCountedAsTheClientTableSays() throws Exception {
        assertEquals(200, send(server.url("/redirect-" + prefix() + "/from")));
        assertEquals(2, server.served(), "the server saw the request and the redirected one");
        assertEquals(countedPerRedirect(), limiter("redirect").admitted());
    }

    @Test
    void aRefusedConnectionIsCountedAsTheClientTableSaysAndLeavesNothingBehind() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Limiter limiter = limiter("refused");
        Exception e = assertThrows(Exception.class, () -> send("http://127.0.0.1:" + closedPort + "/refused-" + prefix()
                + "/x"));
        assertTrue(e instanceof IOException && !(e instanceof Zero429Exception), "the client's own error: " + e);
        assertEquals(countedForARefusedConnection(), limiter.admitted());
        assertEquals(1.0, limiter.rateRatio(), "a refused connection is not a limit signal");
        assertEquals(200, send(server.url("/refused-" + prefix() + "/y")), "the limiter still admits");
        assertEquals(countedForARefusedConnection() + 1, limiter.admitted());
    }

    @Test
    void aReadTimeoutIsCountedOnceAndIsNotALimitSignal() throws Exception {
        Limiter limiter = limiter("slow");
        long start = System.nanoTime();
        Exception e = assertThrows(Exception.class, () -> send(server.url("/slow/" + prefix())));
        long elapsed = System.nanoTime() - start;
        assertTrue(e instanceof IOException && !(e instanceof Zero429Exception), "the client's timeout: " + e);
        assertTrue(elapsed < TimeUnit.MILLISECONDS.toNanos(LimitedServer.SLOW_MILLIS), "gave up after "
                + elapsed / 1_000_000 + " ms");
        assertEquals(1, limiter.admitted(), "a timed-out request is not retried behind the agent's back");
        assertEquals(1.0, limiter.rateRatio());
    }

    @Test
    void aWaitTimeoutIsTheDocumentedIOException() throws Exception {
        // <prefix>-timeout: 1/m with max-wait 1s: the second request would wait a minute.
        assertEquals(200, send(server.url("/limited/" + prefix() + "-timeout/a")));
        long start = System.nanoTime();
        Zero429WaitTimeoutException e = assertThrows(Zero429WaitTimeoutException.class,
                () -> send(server.url("/limited/" + prefix() + "-timeout/b")));
        assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(500), "fails at once, without waiting");
        assertTrue(e.getMessage().contains("'" + prefix() + "-timeout'") && e.getMessage().contains("1/m"),
                e.getMessage());
        assertEquals(1, server.served(), "the refused request never reached the server");
    }

    @Test
    void anAsyncCallReturnsAtOnceAndItsRequestLeavesOnTime() throws Exception {
        assumeTrue(sendAsync(server.url("/unlimited/probe")) != null, "no asynchronous API");
        server.reset();
        long start = System.nanoTime();
        List<CompletableFuture<Integer>> futures = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            futures.add(sendAsync(server.url("/limited/" + prefix() + "-async/x")));
        }
        long calls = System.nanoTime() - start;
        // One emission interval is ~102 ms: 30 calls must return long before a single slot would pass.
        assertTrue(calls < TimeUnit.MILLISECONDS.toNanos(100), "30 async calls took " + calls / 1_000_000 + " ms");
        for (CompletableFuture<Integer> f : futures) {
            assertEquals(200, f.get(30, TimeUnit.SECONDS));
        }
        assertEquals(0, server.rejected());
        assertEquals(30, limiter("async").admitted());
        assertTrue(server.steadyRate(10) >= 9.7, "rate after the burst " + server.steadyRate(10) + " (with the "
                + "opening burst's anchoring: " + server.sustainedRate(10) + ")");
    }

    @Test
    void anAsyncWaitTimeoutFailsTheCallWithTheDocumentedException() throws Exception {
        CompletableFuture<Integer> probe = sendAsync(server.url("/unlimited/probe"));
        assumeTrue(probe != null, "no asynchronous API");
        probe.get(10, TimeUnit.SECONDS); // served() below counts it: it must have arrived, not just been sent
        assertEquals(200, sendAsync(server.url("/limited/" + prefix() + "-async-timeout/a")).get(10, TimeUnit.SECONDS));
        CompletableFuture<Integer> refused = sendAsync(server.url("/limited/" + prefix() + "-async-timeout/b"));
        ExecutionException e = assertThrows(ExecutionException.class, () -> refused.get(10, TimeUnit.SECONDS));
        assertTrue(rootCause(e) instanceof Zero429WaitTimeoutException, String.valueOf(e.getCause()));
        assertEquals(2, server.served(), "the probe and the first request; the refused one never reached the server");
    }

    /**
     * {@code <prefix>-concurrency}: concurrency 2 and a rate that never waits. Eight requests sent at once, each held
     * {@link LimitedServer#BUSY_MILLIS} by the server: it never holds more than two, all succeed, in four rounds.
     */
    @Test
    void aConcurrencyCapKeepsAtMostThatManyRequestsInFlight() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Integer>> statuses = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < 8; i++) {
            statuses.add(pool.submit(() -> send(server.url("/concurrent/" + prefix() + "/x"))));
        }
        for (Future<Integer> status : statuses) {
            assertEquals(200, status.get(30, TimeUnit.SECONDS));
        }
        pool.shutdown();
        assertConcurrencyCapped(System.nanoTime() - start);
    }

    @Test
    void aConcurrencyCapHoldsForAsyncCallsWithoutBlockingTheCaller() throws Exception {
        assumeAsyncApiReady();
        long start = System.nanoTime();
        List<CompletableFuture<Integer>> futures = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            futures.add(sendAsync(server.url("/concurrent/" + prefix() + "/async")));
        }
        long calls = System.nanoTime() - start;
        assertTrue(calls < TimeUnit.MILLISECONDS.toNanos(LimitedServer.BUSY_MILLIS / 2), "8 async calls took "
                + calls / 1_000_000 + " ms");
        for (CompletableFuture<Integer> f : futures) {
            assertEquals(200, f.get(30, TimeUnit.SECONDS));
        }
        assertConcurrencyCapped(System.nanoTime() - start);
    }

    /** Skips a client without an async API; else sends a probe and waits for it, so that it arrives before the reset. */
    private void assumeAsyncApiReady() throws Exception {
        CompletableFuture<Integer> probe = sendAsync(server.url("/unlimited/probe"));
        assumeTrue(probe != null, "no asynchronous API");
        probe.get(10, TimeUnit.SECONDS);
        server.reset();
    }

    private void assertConcurrencyCapped(long elapsed) {
        assertEquals(8, server.busyServed());
        assertTrue(server.maxInFlight() <= 2, "the server held " + server.maxInFlight() + " requests at once");
        assertEquals(2, server.maxInFlight(), "two at a time, not one");
        assertPermitsBack(limiter("concurrency"));
        long rounds = elapsed / TimeUnit.MILLISECONDS.toNanos(LimitedServer.BUSY_MILLIS);
        assertTrue(rounds >= 3 && rounds < 6, "8 requests, 2 at a time, " + LimitedServer.BUSY_MILLIS + " ms each, took "
                + elapsed / 1_000_000 + " ms");
    }

    /** {@code <prefix>-concurrency-timeout}: concurrency 1, max-wait 100 ms; the server holds the first request. */
    @Test
    void aRequestThatFindsNoPermitWithinMaxWaitIsRefused() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<Integer> first = pool.submit(() -> send(server.url("/concurrent/" + prefix() + "-timeout/a")));
        Limiter limiter = limiter("concurrency-timeout");
        awaitPermitHeld(limiter);
        Zero429WaitTimeoutException e = assertThrows(Zero429WaitTimeoutException.class,
                () -> send(server.url("/concurrent/" + prefix() + "-timeout/b")));
        assertTrue(e.getMessage().contains("'" + prefix() + "-concurrency-timeout' (concurrency 1)"), e.getMessage());
        assertEquals(200, first.get(30, TimeUnit.SECONDS));
        pool.shutdown();
        assertEquals(1, server.busyServed(), "the refused request never reached the server");
        assertPermitsBack(limiter);
    }

    @Test
    void anAsyncRequestThatFindsNoPermitWithinMaxWaitFailsItsFuture() throws Exception {
        assumeAsyncApiReady();
        Limiter limiter = limiter("concurrency-timeout");
        CompletableFuture<Integer> first = sendAsync(server.url("/concurrent/" + prefix() + "-timeout/a"));
        awaitPermitHeld(limiter);
        CompletableFuture<Integer> refused = sendAsync(server.url("/concurrent/" + prefix() + "-timeout/b"));
        ExecutionException e = assertThrows(ExecutionException.class, () -> refused.get(10, TimeUnit.SECONDS));
        assertTrue(rootCause(e) instanceof Zero429WaitTimeoutException, String.valueOf(e.getCause()));
        assertTrue(rootCause(e).getMessage().contains("(concurrency 1)"), rootCause(e).getMessage());
        assertEquals(200, first.get(30, TimeUnit.SECONDS));
        assertEquals(1, server.busyServed(), "the refused request never reached the server");
        assertPermitsBack(limiter);
    }

    private static void awaitPermitHeld(Limiter limiter) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (limiter.permits().inFlight() == 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(1, limiter.permits().inFlight(), "the first request holds the permit");
    }

    /**
     * Every permit comes back. An async client may complete the caller's future just before the agent's own callback
     * on it runs and gives the permit back: give it a moment.
     */
    private static void assertPermitsBack(Limiter limiter) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (limiter.permits().inFlight() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(0, limiter.permits().inFlight(), "every permit came back");
        assertEquals(0, limiter.permits().waiting());
    }

    /**
     * {@code <prefix>-redirect-capped}: concurrency 1, max-wait 100 ms. Each hop the agent sees gives its permit back
     * before the next hop takes one: the request never waits for itself.
     */
    @Test
    void aFollowedRedirectUnderACapOfOneDoesNotWaitForItself() throws Exception {
        assertEquals(200, send(server.url("/redirect-" + prefix() + "-capped/from")));
        assertEquals(2, server.served(), "the request and the redirected one");
        assertPermitsBack(limiter("redirect-capped"));
    }

    private byte[] bodyOf(String path) throws Exception {
        return sendReadingBody(server.url(path));
    }

    /**
     * {@code PREFIX-wait}: 1/s. A request with a timeout of 300 ms that must wait about a second for its slot is
     * answered: the client starts that timeout when the agent lets the request go, not before the wait.
     */
    @Test
    void theWaitForASlotDoesNotEatTheRequestsTimeout() throws Exception {
        String url = server.url("/limited/" + prefix() + "-wait/x");
        assumeTrue(sendWithRequestTimeout(url, 10_000) != null, "the client has no per-request timeout to eat");
        long start = System.nanoTime();
        assertEquals(200, sendWithRequestTimeout(url, 300));
        long waited = System.nanoTime() - start;
        assertTrue(waited >= TimeUnit.MILLISECONDS.toNanos(800), "answered after " + waited / 1_000_000 + " ms: the "
                + "second request must have waited for its slot");
        assertEquals(0, server.rejected());
        assertEquals(2, limiter("wait").admitted());
    }

    private void assumeBodiesAreWatched() throws Exception {
        assumeTrue(bodyOf("/unlimited/body-probe") != null, "the agent does not watch this client's bodies");
    }

    @Test
    void aKisCodeInTheBodyIsALimitSignalAndTheApplicationReadsTheBodyUnchanged() throws Exception {
        assumeBodiesAreWatched();
        Limiter limiter = limiter("kis");
        long signals = limiter.limitSignals();
        byte[] kis = LimitedServer.KIS_BODY.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertArrayEquals(kis, bodyOf("/body/" + prefix() + "-kis/kis"), "a 500's body");
        assertEquals(signals + 1, limiter.limitSignals());
        assertArrayEquals(kis, bodyOf("/body/" + prefix() + "-kis/kis-ok"), "a 200's body");
        assertEquals(signals + 2, limiter.limitSignals());
    }

    @Test
    void aGeminiRetryDelayInTheBodyDelaysTheNextRequestOnlyWhenTheLimiterListens() throws Exception {
        assumeBodiesAreWatched();
        byte[] gemini = LimitedServer.GEMINI_BODY.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertArrayEquals(gemini, bodyOf("/body/" + prefix() + "-deaf/gemini"));
        long start = System.nanoTime();
        assertArrayEquals("ok".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                bodyOf("/body/" + prefix() + "-deaf/next"));
        long deaf = System.nanoTime() - start;
        assertTrue(deaf < TimeUnit.MILLISECONDS.toNanos(1000), "not listening: took " + deaf / 1_000_000 + " ms");

        assertArrayEquals(gemini, bodyOf("/body/" + prefix() + "-gemini/gemini"));
        start = System.nanoTime();
        bodyOf("/body/" + prefix() + "-gemini/next");
        long listening = System.nanoTime() - start;
        assertTrue(listening >= TimeUnit.MILLISECONDS.toNanos(1800), "retryDelay 2s: the next request waited "
                + listening / 1_000_000 + " ms");
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t && !(t instanceof Zero429Exception)) {
            t = t.getCause();
        }
        return t;
    }

    // ---- Issue 11: faults the client recovers from by itself never become the agent's failures ----

    /** How long {@link KeepAliveFaultServer} lets a connection idle; the rounds pause longer than that. */
    private static final int IDLE_CLOSE_MILLIS = 150;
    private static final int ROUNDS = 4;
    private static final int PER_ROUND = 8;

    /** What a run of rounds came to, as the application saw it. */
    private static final class Rounds {
        int answered;
        int agentRefusals;
        final List<String> failures = new ArrayList<>();

        @Override
        public String toString() {
            return answered + " answered, " + agentRefusals + " refused by the agent, " + failures.size() + " failed"
                    + (failures.isEmpty() ? "" : " (first: " + failures.get(0) + ")");
        }
    }

    /** Sends one request and says what the application got: a status, or the exception it would have seen. */
    private interface OneRequest {
        CompletableFuture<Integer> send(String url) throws Exception;
    }

    /**
     * A bot that polls in rounds: {@link #PER_ROUND} requests at once, then a pause; {@code pauseMillis} 0 for a
     * burst without pauses.
     */
    private static Rounds rounds(OneRequest request, String url, int pauseMillis) throws Exception {
        Rounds outcome = new Rounds();
        for (int round = 0; round < ROUNDS; round++) {
            List<CompletableFuture<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < PER_ROUND; i++) {
                statuses.add(request.send(url));
            }
            for (CompletableFuture<Integer> status : statuses) {
                try {
                    int code = status.get(30, TimeUnit.SECONDS);
                    if (code == 200) {
                        outcome.answered++;
                    } else {
                        outcome.failures.add("HTTP " + code);
                    }
                } catch (ExecutionException e) {
                    Throwable cause = rootCause(e);
                    outcome.agentRefusals += cause instanceof Zero429Exception ? 1 : 0;
                    outcome.failures.add(String.valueOf(cause));
                }
            }
            Thread.sleep(pauseMillis);
        }
        return outcome;
    }

    /** Each request on its own thread of a pool of {@link #PER_ROUND}, as a bot's workers send them. */
    private OneRequest onThreads(ExecutorService workers) {
        return url -> CompletableFuture.supplyAsync(() -> {
            try {
                return sendOnDefaultPool(url);
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, workers);
    }

    /**
     * The same bot, without the agent (a path no rule matches) and with it ({@code <prefix>-rounds}: a cap of 8, the
     * breaker on): the agent refuses nothing, leaks no permit and opens no breaker, so the application sees only what
     * its client does by itself. Where the client recovers from the fault without the agent
     * ({@link #recoversFromEvery}), it answers every request with the agent too; where it does not, the failures
     * with the agent are the client's own exceptions, never the agent's.
     */
    private void assertTheAgentFailsNothingTheClientRecovers(ConnectionFault fault, OneRequest request)
            throws Exception {
        try (KeepAliveFaultServer faults = fault == ConnectionFault.IDLE_CLOSE
                ? KeepAliveFaultServer.closingIdleAfter(IDLE_CLOSE_MILLIS) : KeepAliveFaultServer.resettingEveryReused(5)) {
            compareRounds(fault, faults, request, fault == ConnectionFault.IDLE_CLOSE ? 2 * IDLE_CLOSE_MILLIS : 0);
        }
    }

    private void compareRounds(ConnectionFault fault, KeepAliveFaultServer faults, OneRequest request,
            int pauseMillis) throws Exception {
        String path = "/" + prefix() + "/x";
        Rounds without = rounds(request, faults.url("/unmatched-rounds" + path), pauseMillis);
        int faultsBefore = faults.idleClosed() + faults.resets();
        Limiter limiter = limiter("rounds");
        long admittedBefore = limiter.admitted();
        Rounds with = rounds(request, faults.url("/rounds" + path), pauseMillis);
        String both = "with the agent: " + with + "; without: " + without;
        assertEquals(0, with.agentRefusals, both);
        if (recoversFromEvery(fault)) {
            assertEquals(ROUNDS * PER_ROUND, without.answered, "without the agent the client recovers: " + both);
            assertEquals(ROUNDS * PER_ROUND, with.answered, both);
        }
        assertTrue(faults.idleClosed() + faults.resets() > faultsBefore, "the server closed or reset connections while "
                + "the agent ran (" + faults.idleClosed() + " idle closes, " + faults.resets() + " resets)");
        assertTrue(limiter.admitted() - admittedBefore >= with.answered, "every wire attempt counted");
        assertEquals(0, limiter.breakerOpenings(), "the breaker never opened");
        assertEquals("closed", limiter.breakerState());
        assertEquals(1.0, limiter.rateRatio(), "a closed or reset connection is not a limit signal");
        assertPermitsBack(limiter);
    }

    /** The fault rounds with the bot's requests each sent on one of {@link #PER_ROUND} worker threads. */
    private void assertTheAgentFailsNothingOnWorkerThreads(ConnectionFault fault) throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(PER_ROUND);
        try {
            assertTheAgentFailsNothingTheClientRecovers(fault, onThreads(workers));
        } finally {
            workers.shutdown();
        }
    }

    /** The fault rounds through the client's asynchronous API; skipped for a client without one. */
    private void assertTheAgentFailsNoAsyncCall(ConnectionFault fault) throws Exception {
        assumeTrue(sendAsyncOnDefaultPool(server.url("/unlimited/probe")) != null, "no asynchronous API");
        assertTheAgentFailsNothingTheClientRecovers(fault, this::sendAsyncOnDefaultPool);
    }

    @Test
    void idleKeepAliveConnectionsTheServerClosedFailNothingTheClientRecovers() throws Exception {
        assertTheAgentFailsNothingOnWorkerThreads(ConnectionFault.IDLE_CLOSE);
    }

    @Test
    void idleKeepAliveConnectionsTheServerClosedFailNoAsyncCallTheClientRecovers() throws Exception {
        assertTheAgentFailsNoAsyncCall(ConnectionFault.IDLE_CLOSE);
    }

    @Test
    void connectionsResetMidBurstFailNothingTheClientRecovers() throws Exception {
        assertTheAgentFailsNothingOnWorkerThreads(ConnectionFault.RESET);
    }

    @Test
    void connectionsResetMidBurstFailNoAsyncCallTheClientRecovers() throws Exception {
        assertTheAgentFailsNoAsyncCall(ConnectionFault.RESET);
    }
}
