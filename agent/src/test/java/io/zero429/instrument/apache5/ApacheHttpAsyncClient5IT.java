package io.zero429.instrument.apache5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zero429.Zero429Exception;
import io.zero429.Zero429WaitTimeoutException;
import io.zero429.instrument.testing.AbstractHttpClientTest;
import io.zero429.instrument.testing.TestTls;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.async.methods.SimpleResponseConsumer;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.DefaultHttpRequestRetryStrategy;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.H2AsyncClientBuilder;
import org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.function.Supplier;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.nio.AsyncPushConsumer;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.HandlerFactory;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorStatus;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ApacheHttpAsyncClient5IT extends AbstractHttpClientTest {
    private final CloseableHttpAsyncClient client = started(builder().build());

    private static HttpAsyncClientBuilder builder() {
        return builder(SystemDefaultDnsResolver.INSTANCE);
    }

    /** What a real bot configures: the test TLS trust, a read timeout, a pool wide enough for a burst of 50. */
    private static HttpAsyncClientBuilder builder(DnsResolver dns) {
        return HttpAsyncClients.custom()
                .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                        .setDnsResolver(dns)
                        .setTlsStrategy(ClientTlsStrategyBuilder.create().setSslContext(TestTls.sslContext())
                                .buildAsync())
                        .setMaxConnPerRoute(100)
                        .setMaxConnTotal(200)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setSocketTimeout(Timeout.ofMilliseconds(READ_TIMEOUT_MILLIS)).build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.ofMilliseconds(READ_TIMEOUT_MILLIS)).build());
    }

    private static CloseableHttpAsyncClient started(CloseableHttpAsyncClient client) {
        client.start();
        return client;
    }

    @AfterEach
    void closeClient() {
        client.close(CloseMode.GRACEFUL);
    }

    /**
     * Not always: the default retry retries an I/O failure (4.5: three times, 5.x: once), and a retry may draw another
     * stale or reset pooled connection (1-5 of 32 requests failed without the agent in the fault rounds).
     */
    @Override
    protected boolean recoversFromEvery(ConnectionFault fault) {
        return false;
    }

    @Override
    protected String prefix() {
        return "apache5async";
    }

    private static SimpleHttpRequest get(String url) {
        return SimpleRequestBuilder.get(url).build();
    }

    @Override
    protected int send(String url) throws Exception {
        return status(client.execute(get(url), null));
    }

    /** The status of a response future, with the exception the client failed it with, unwrapped. */
    private static int status(Future<SimpleHttpResponse> response) throws Exception {
        return response(response).getCode();
    }

    private static SimpleHttpResponse response(Future<SimpleHttpResponse> response) throws Exception {
        try {
            return response.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        }
    }

    /**
     * {@code SimpleResponseConsumer} reads every body into the response: the application's consumer. Through a client
     * with the defaults: the class's client closes a pooled connection idle for its 1 s socket timeout, and the client's
     * own retry of a 429 (after 1 s without Retry-After) can draw that connection as it closes, with or without the
     * agent.
     */
    @Override
    protected byte[] sendReadingBody(String url) throws Exception {
        try (CloseableHttpAsyncClient defaults = started(HttpAsyncClients.createDefault())) {
            return response(defaults.execute(get(url), null)).getBodyBytes();
        }
    }

    @Override
    protected CompletableFuture<Integer> sendAsync(String url) {
        CompletableFuture<Integer> status = new CompletableFuture<>();
        client.execute(get(url), new FutureCallback<SimpleHttpResponse>() {
            @Override
            public void completed(SimpleHttpResponse response) {
                status.complete(response.getCode());
            }

            @Override
            public void failed(Exception e) {
                status.completeExceptionally(e);
            }

            @Override
            public void cancelled() {
                status.cancel(false);
            }
        });
        return status;
    }

    /** {@code AsyncRedirectExec} sits above {@code AsyncConnectExec}: each hop is an attempt the agent sees. */
    @Override
    protected int countedPerRedirect() {
        return 2;
    }

    /** A request that need not wait is admitted once its connection is open: a refused one never was. */
    @Override
    protected int countedForARefusedConnection() {
        return 0;
    }

    @Test
    void aRequestThatNeedNotWaitIsAdmittedOnceItsConnectionIsOpen() throws Exception {
        // apache5async-connect: 1/s. The first connection opens 300 ms late (a slow name lookup, like a cold JVM or a
        // far server). Admitted before that, the first request would count as sent 300 ms before the server sees it,
        // and the second, on time by the limiter's clock, would reach the server 300 ms early.
        try (CloseableHttpAsyncClient slow = started(builder(new SlowFirstLookup()).build())) {
            for (int i = 0; i < 2; i++) {
                assertEquals(200, status(slow.execute(get(server.url("/limited/apache5async-connect/" + i)), null)));
            }
        }
        assertEquals(2, server.accepted());
        assertTrue(server.sustainedRate(1) <= 1.0, "the server saw the second request "
                + (long) (1000 / server.sustainedRate(1)) + " ms after the first");
    }

    @Test
    void executeOverloadsAWrappingClientAndTheHttp2ClientCountEachRequestOnce() throws Exception {
        String url = server.url("/limited/apache5async-once/x");
        assertEquals(200, status(client.execute(get(url), HttpClientContext.create(), null)));
        assertEquals(200, status(client.execute(SimpleRequestProducer.create(get(url)), SimpleResponseConsumer.create(),
                null)));
        try (CloseableHttpAsyncClient wrapping = new Wrapping(client)) {
            assertEquals(200, status(wrapping.execute(get(url), null)));
        }
        try (CloseableHttpAsyncClient h2 = started(H2AsyncClientBuilder.create()
                .setTlsStrategy(ClientTlsStrategyBuilder.create().setSslContext(TestTls.sslContext()).buildAsync())
                .build())) {
            assertEquals(200, status(h2.execute(get(server.httpsUrl("/limited/apache5async-once/h2")), null)));
        }
        assertEquals(4, server.served());
        assertEquals(4, limiter("once").admitted(), "one admission per request on the wire");
    }

    @Test
    void theClientsOwnRetryOfA429IsCountedAsTheSecondWireRequest() throws Exception {
        // AsyncHttpRequestRetryExec re-sends a 429 once, after its Retry-After (2 s), above AsyncConnectExec.
        assertEquals(429, send(server.url("/teapot/apache5async-retry")));
        assertEquals(2, server.served());
        assertEquals(2, limiter("retry").admitted());
    }

    @Test
    void theDefaultRetryStrategyDoesNotRetryAWaitTimeout() throws Exception {
        List<Boolean> decisions = new CopyOnWriteArrayList<>();
        DefaultHttpRequestRetryStrategy strategy = new DefaultHttpRequestRetryStrategy() {
            @Override
            public boolean retryRequest(HttpRequest request, IOException exception, int execCount,
                    HttpContext context) {
                boolean retry = super.retryRequest(request, exception, execCount, context);
                if (exception instanceof Zero429Exception) {
                    decisions.add(retry);
                }
                return retry;
            }
        };
        try (CloseableHttpAsyncClient recording = started(builder().setRetryStrategy(strategy).build())) {
            assertEquals(200, status(recording.execute(get(server.url("/limited/apache5async-refusal/a")), null)));
            assertThrows(Zero429WaitTimeoutException.class,
                    () -> status(recording.execute(get(server.url("/limited/apache5async-refusal/b")), null)));
        }
        assertEquals(List.of(false), decisions, "the strategy was asked once and said no");
        assertEquals(1, server.served());
    }

    @Test
    void aWaitingRequestTheCallerCancelsNeverLeaves() throws Exception {
        // apache5async-cancel allows 5/s, burst 1: once the first request is back, the second waits ~200 ms for its
        // slot and the third ~400 ms.
        assertEquals(200, send(server.url("/limited/apache5async-cancel/1")));
        Future<SimpleHttpResponse> second = client.execute(get(server.url("/limited/apache5async-cancel/2")), null);
        assertTrue(second.cancel(true));
        CompletableFuture<Integer> third = sendAsync(server.url("/limited/apache5async-cancel/3"));
        assertEquals(200, third.get(10, TimeUnit.SECONDS));
        // The timer released the second request before the third; it found it cancelled and did not send it.
        assertEquals(2, server.served());
        assertInstanceOf(java.util.concurrent.CancellationException.class,
                assertThrows(Exception.class, () -> second.get(1, TimeUnit.SECONDS)));
    }

    @Test
    void aPartitionedRuleTakesItsKeyFromTheRequestHeader() throws Exception {
        // apache5async-keyed: 1/m for each X-Api-Key value, max-wait 1 s.
        assertEquals(200, sendWithKey("/limited/apache5async-keyed/1", "alice"));
        assertEquals(200, sendWithKey("/limited/apache5async-keyed/2", "bob"), "another key, another budget");
        assertThrows(Zero429WaitTimeoutException.class, () -> sendWithKey("/limited/apache5async-keyed/3", "alice"));
        assertEquals(2, server.served());
    }

    private int sendWithKey(String path, String key) throws Exception {
        return status(client.execute(SimpleRequestBuilder.get(server.url(path)).addHeader("X-Api-Key", key).build(),
                null));
    }

    /** An application's client that hands every request to another client. */
    private static final class Wrapping extends CloseableHttpAsyncClient {
        private final CloseableHttpAsyncClient inner;

        Wrapping(CloseableHttpAsyncClient inner) {
            this.inner = inner;
        }

        @Override
        protected <T> Future<T> doExecute(HttpHost target, AsyncRequestProducer requestProducer,
                AsyncResponseConsumer<T> responseConsumer, HandlerFactory<AsyncPushConsumer> pushHandlerFactory,
                HttpContext context, FutureCallback<T> callback) {
            return inner.execute(target, requestProducer, responseConsumer, pushHandlerFactory, context, callback);
        }

        @Override
        public void start() {
            // the inner client belongs to the test
        }

        @Override
        public IOReactorStatus getStatus() {
            return inner.getStatus();
        }

        @Override
        public void awaitShutdown(TimeValue waitTime) {
        }

        @Override
        public void initiateShutdown() {
        }

        @Override
        public void register(String hostname, String uriPattern, Supplier<AsyncPushConsumer> supplier) {
            inner.register(hostname, uriPattern, supplier);
        }

        @Override
        public void close(CloseMode closeMode) {
        }

        @Override
        public void close() {
        }
    }
}
