package io.zero429.instrument.okhttp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zero429.Zero429WaitTimeoutException;
import io.zero429.instrument.Hooks;
import io.zero429.instrument.testing.AbstractHttpClientTest;
import io.zero429.instrument.testing.KeepAliveFaultServer;
import io.zero429.instrument.testing.LimitedServer;
import io.zero429.instrument.testing.OkHttpVersion;
import io.zero429.instrument.testing.TestTls;
import io.zero429.limit.Limiter;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Cache;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * OkHttp through the shared client cases, plus what only OkHttp does by itself: automatic retries, its cache,
 * retrying on another route, callbacks, and a partitioned rule. Uses only API common to OkHttp 3.x, 4.x and 5.x: the
 * same class runs on each (agent/pom.xml's failsafe executions swap the jars and name the expected version in the
 * system property {@value OkHttpVersion#EXPECTED}).
 */
class OkHttpIT extends AbstractHttpClientTest {

    /** One client for the whole class, as an application has. */
    private static final OkHttpClient CLIENT = newClient();

    private long faultsBefore;

    private static OkHttpClient newClient() {
        // OkHttp's defaults run at most 5 enqueued calls per host and keep 5 idle connections: a bot that sends
        // bursts raises both, so that waiting calls are not queued behind each other by the Dispatcher and the
        // burst's connections stay open.
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequestsPerHost(64);
        return new OkHttpClient.Builder()
                .sslSocketFactory(TestTls.sslContext().getSocketFactory(), TestTls.trustManager())
                .readTimeout(READ_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                .dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(64, 5, TimeUnit.MINUTES))
                .build();
    }

    @Override
    protected String prefix() {
        return "okhttp";
    }

    private static Request get(String url) {
        return new Request.Builder().url(url).build();
    }

    @Override
    protected int send(String url) throws Exception {
        return send(CLIENT, url);
    }

    private static int send(OkHttpClient client, String url) throws IOException {
        try (Response response = client.newCall(get(url)).execute()) {
            return response.code();
        }
    }

    @Override
    protected CompletableFuture<Integer> sendAsync(String url) {
        return sendAsync(CLIENT, url);
    }

    /** OkHttp's defaults throughout: 5 idle connections kept 5 minutes, 5 calls per host at once. */
    private static final OkHttpClient DEFAULT_CLIENT = new OkHttpClient();

    @Override
    protected int sendOnDefaultPool(String url) throws Exception {
        return send(DEFAULT_CLIENT, url);
    }

    @Override
    protected CompletableFuture<Integer> sendAsyncOnDefaultPool(String url) {
        return sendAsync(DEFAULT_CLIENT, url);
    }

    private static CompletableFuture<Integer> sendAsync(OkHttpClient client, String url) {
        CompletableFuture<Integer> status = new CompletableFuture<>();
        client.newCall(get(url)).enqueue(new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
                status.completeExceptionally(e);
            }

            @Override
            public void onResponse(Call call, Response response) {
                try (Response closed = response) {
                    status.complete(closed.code());
                }
            }
        });
        return status;
    }

    @Override
    protected byte[] sendReadingBody(String url) throws Exception {
        try (Response response = CLIENT.newCall(get(url)).execute()) {
            return response.body().bytes();
        }
    }

    @Test
    void aBodyIsWatchedDecompressedAsTheApplicationReadsItAndNotReadWhenItIsNot() throws Exception {
        Limiter limiter = limiter("kis");
        long signals = limiter.limitSignals();
        byte[] kis = LimitedServer.KIS_BODY.getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(kis, sendReadingBody(server.url("/body/okhttp-kis/kis-gzip")),
                "OkHttp decompressed it for the application");
        assertEquals(signals + 1, limiter.limitSignals(), "the code was found in the decompressed body");
        try (Response response = CLIENT.newCall(get(server.url("/body/okhttp-kis/kis"))).execute()) {
            assertArrayEquals(kis, response.body().byteStream().readAllBytes());
        }
        assertEquals(signals + 2, limiter.limitSignals(), "read through byteStream()");
        CompletableFuture<String> read = new CompletableFuture<>();
        CLIENT.newCall(get(server.url("/body/okhttp-kis/kis-gzip"))).enqueue(new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
                read.completeExceptionally(e);
            }

            @Override
            public void onResponse(Call call, Response response) throws IOException {
                try (Response closed = response) {
                    read.complete(closed.body().string());
                }
            }
        });
        assertEquals(LimitedServer.KIS_BODY, read.get(5, TimeUnit.SECONDS));
        assertEquals(signals + 3, limiter.limitSignals(), "read in a Callback, on a Dispatcher thread");
    }

    @Test
    void anErrorBodyClosedUnreadIsReadOnCloseWithinOkHttpsOwnDiscardTime() throws Exception {
        // A client that retries on its own (the AI SDKs on a 429) closes the error body unread.
        Limiter limiter = limiter("kis");
        long signals = limiter.limitSignals();
        assertEquals(200, send(server.url("/body/okhttp-kis/kis-ok")));
        assertEquals(signals, limiter.limitSignals(), "a 200 closed unread is not read");
        assertEquals(500, send(server.url("/body/okhttp-kis/kis-gzip")));
        assertEquals(signals + 1, limiter.limitSignals(), "a 500 closed unread: read on close, decompressed");
        // A body that takes 3 s to come: the close reads what comes for at most 100 ms, as OkHttp does.
        Response stalled = CLIENT.newCall(get(server.url("/body/okhttp-kis/kis-stalled"))).execute();
        assertEquals(500, stalled.code());
        long start = System.nanoTime();
        stalled.close();
        long closing = System.nanoTime() - start;
        assertTrue(closing < TimeUnit.MILLISECONDS.toNanos(1000), "the close took " + closing / 1_000_000 + " ms");
        assertEquals(200, send(server.url("/body/okhttp-kis/kis-ok")), "the client goes on");
    }

    /** OkHttp follows redirects in RetryAndFollowUpInterceptor, above the hook: each hop is admitted. */
    @Override
    protected int countedPerRedirect() {
        return 2;
    }

    @BeforeEach
    void countFaults() {
        faultsBefore = Hooks.faults().count();
    }

    @AfterEach
    void noAgentFault() {
        assertEquals(faultsBefore, Hooks.faults().count(), "internal faults of the agent (see the log)");
    }

    @Test
    void theOkHttpOnTheClassPathIsTheVersionThisRunIsFor() throws Exception {
        String expected = System.getProperty(OkHttpVersion.EXPECTED);
        assertNotNull(expected, OkHttpVersion.EXPECTED + " is set by each failsafe execution (agent/pom.xml)");
        assertEquals(expected, OkHttpVersion.onTheClassPath());
    }

    @Test
    void anAutomaticRetryByOkHttpIsAWireRequestOfItsOwn() throws Exception {
        Limiter limiter = limiter("retry");
        try (OriginServer origin = new OriginServer()) {
            // 503 with Retry-After: 0 is repeated at once by OkHttp itself.
            assertEquals(200, send(origin.url("/limited/okhttp-retry/x")));
            assertEquals(2, origin.served(), "the 503 and its repeat");
        }
        assertEquals(2, limiter.admitted());
    }

    @Test
    void aCacheHitIsNotCountedItsMissIs() throws Exception {
        Limiter limiter = limiter("cache");
        File directory = Files.createTempDirectory("zero429-okhttp-cache").toFile();
        Cache cache = new Cache(directory, 1 << 20);
        OkHttpClient caching = CLIENT.newBuilder().cache(cache).build();
        try (OriginServer origin = new OriginServer()) {
            for (int i = 0; i < 3; i++) {
                try (Response response = caching.newCall(get(origin.url("/limited/okhttp-cache/x"))).execute()) {
                    // The body is stored in the cache as it is read.
                    assertEquals("ok", response.body().string());
                }
            }
            assertEquals(1, origin.served());
            assertEquals(2, cache.hitCount());
        } finally {
            cache.delete();
        }
        assertEquals(1, limiter.admitted(), "only the miss went on the wire");
    }

    @Test
    void aWaitTimeoutOnARetryEndsTheCallInsteadOfRetryingItOnTheNextRoute() throws Exception {
        // okhttp-failover: 1/m with max-wait 1s. The first attempt takes the slot and its proxy hangs up; OkHttp
        // retries on the next proxy, and the agent refuses that attempt.
        Limiter limiter = limiter("failover");
        int refusingPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            refusingPort = socket.getLocalPort();
        }
        try (HangUpServer hangUp = new HangUpServer()) {
            List<Proxy> proxies = Arrays.asList(httpProxy(hangUp.port()), httpProxy(refusingPort));
            OkHttpClient viaProxies = CLIENT.newBuilder()
                    .proxySelector(new FixedProxies(proxies))
                    // Ends the call if OkHttp kept retrying the refusal: then the test fails on the exception type.
                    .callTimeout(5, TimeUnit.SECONDS)
                    .build();
            long start = System.nanoTime();
            Zero429WaitTimeoutException e = assertThrows(Zero429WaitTimeoutException.class,
                    () -> viaProxies.newCall(get(server.url("/limited/okhttp-failover/x"))).execute().close());
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2), "ended at once");
            assertTrue(e.getMessage().contains("'okhttp-failover'"), e.getMessage());
            assertEquals(1, hangUp.accepted(), "the first attempt reached the first proxy");
        }
        assertEquals(1, limiter.admitted(), "the refused retry was not admitted");
    }

    @Test
    void aPooledConnectionTheServerClosedWhileIdleCostsNoSlot() throws Exception {
        // okhttp-stale: 2 in any minute (window mode), max-wait 1 s. The server closes a connection idle 0.5 s; the
        // second GET comes after OkHttp's 10 s, past which it checks a pooled connection when asked to. Unchecked,
        // OkHttp writes the GET to the closed connection, then retries it by itself on a new one: the agent would
        // count both attempts and refuse the retry (a minute to wait), a call answered without the agent.
        try (KeepAliveFaultServer idleClosing = KeepAliveFaultServer.closingIdleAfter(500)) {
            String url = idleClosing.url("/limited/okhttp-stale/x");
            assertEquals(200, send(DEFAULT_CLIENT, url));
            TimeUnit.MILLISECONDS.sleep(10_500);
            assertEquals(200, send(DEFAULT_CLIENT, url), "answered, as without the agent");
            assertEquals(2, idleClosing.answered());
            assertTrue(idleClosing.idleClosed() >= 1, "the server closed the first connection while it was idle");
            assertEquals(2, idleClosing.connections(), "the closed connection was not reused");
        }
        assertEquals(2, limiter("stale").admitted(), "one wire attempt per request");
    }

    @Test
    void anEnqueuedCallWaitingForItsSlotHoldsNoDispatcherThread() throws Exception {
        // okhttp-held: 1/s burst 1. OkHttp's defaults run 5 calls per host at once: waiting on Dispatcher threads,
        // 6 such calls would hold all 5 for seconds, and any other call to the host would queue behind them.
        OkHttpClient client = new OkHttpClient();
        List<CompletableFuture<Integer>> held = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            held.add(sendAsync(client, server.url("/limited/okhttp-held/" + i)));
        }
        TimeUnit.MILLISECONDS.sleep(300);
        assertEquals(0, client.dispatcher().runningCallsCount(), "calls running on Dispatcher threads");
        assertEquals(0, client.dispatcher().queuedCallsCount(), "calls queued in the Dispatcher");

        long start = System.nanoTime();
        assertEquals(200, sendAsync(client, server.url("/unlimited/okhttp-held")).get(5, TimeUnit.SECONDS));
        long unlimited = System.nanoTime() - start;
        assertTrue(unlimited < TimeUnit.MILLISECONDS.toNanos(500), "an unlimited call to the same host waited "
                + unlimited / 1_000_000 + " ms");
        for (CompletableFuture<Integer> call : held) {
            assertEquals(200, call.get(30, TimeUnit.SECONDS));
        }
        assertEquals(6, limiter("held").admitted(), "one count per call");
    }

    @Test
    void aHeldCallCancelledFailsAtOnceAndNeverLeaves() throws Exception {
        // okhttp-held-cancel: 1/m, max-wait 2m: the second call is held a minute.
        assertEquals(200, send(server.url("/limited/okhttp-held-cancel/a")));
        Call call = CLIENT.newCall(get(server.url("/limited/okhttp-held-cancel/b")));
        CompletableFuture<IOException> failure = enqueueExpectingFailure(call);
        TimeUnit.MILLISECONDS.sleep(200);
        long start = System.nanoTime();
        call.cancel();
        IOException e = failure.get(5, TimeUnit.SECONDS);
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1), "reported at once, not at its slot");
        assertTrue(call.isCanceled());
        assertEquals(IOException.class, e.getClass(), "OkHttp's own cancellation: " + e);
        assertEquals(1, server.served(), "the cancelled call never reached the server");
    }

    @Test
    void aWaitTimeoutOfAnEnqueuedCallReachesOnFailureAsItself() throws Exception {
        // okhttp-callback: 1/m with max-wait 1s: the second call would wait a minute.
        assertEquals(200, send(server.url("/limited/okhttp-callback/a")));
        long start = System.nanoTime();
        CompletableFuture<IOException> failure = enqueueExpectingFailure(
                CLIENT.newCall(get(server.url("/limited/okhttp-callback/b"))));
        assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(100), "enqueue returns at once");
        IOException e = failure.get(10, TimeUnit.SECONDS);
        assertEquals(Zero429WaitTimeoutException.class, e.getClass(), "unwrapped: " + e);
        assertEquals(1, server.served(), "the refused call never reached the server");
    }

    /** Enqueues {@code call}: the future completes with what {@code onFailure} gets, or fails if it is answered. */
    private static CompletableFuture<IOException> enqueueExpectingFailure(Call call) {
        CompletableFuture<IOException> failure = new CompletableFuture<>();
        call.enqueue(new Callback() {
            @Override
            public void onFailure(Call c, IOException e) {
                failure.complete(e);
            }

            @Override
            public void onResponse(Call c, Response response) {
                response.close();
                failure.completeExceptionally(new AssertionError("answered " + response.code()));
            }
        });
        return failure;
    }

    @Test
    void aPartitionedRuleGivesEachHeaderValueItsOwnBudget() throws Exception {
        // okhttp-tenant: 1/m with max-wait 1s per value of X-Tenant.
        String url = server.url("/limited/okhttp-tenant/x");
        assertEquals(200, sendAs("a", url));
        assertEquals(200, sendAs("b", url), "b has a budget of its own");
        assertThrows(Zero429WaitTimeoutException.class, () -> sendAs("a", url), "a has spent its budget");
        assertEquals(2, server.served());
    }

    private static int sendAs(String tenant, String url) throws IOException {
        try (Response response = CLIENT.newCall(new Request.Builder().url(url).header("X-Tenant", tenant).build())
                .execute()) {
            return response.code();
        }
    }

    private static Proxy httpProxy(int port) {
        return new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", port));
    }

    /** The same proxies for every URI, in order. */
    private static final class FixedProxies extends ProxySelector {
        private final List<Proxy> proxies;

        FixedProxies(List<Proxy> proxies) {
            this.proxies = proxies;
        }

        @Override
        public List<Proxy> select(URI uri) {
            return proxies;
        }

        @Override
        public void connectFailed(URI uri, SocketAddress address, IOException e) {
            // OkHttp moves on to the next proxy by itself.
        }
    }
}
