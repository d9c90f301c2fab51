package io.zero429.instrument.apache4;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zero429.Zero429Exception;
import io.zero429.Zero429WaitTimeoutException;
import io.zero429.instrument.testing.AbstractHttpClientTest;
import io.zero429.instrument.testing.LimitedServer;
import io.zero429.instrument.testing.TestTls;
import io.zero429.limit.Limiter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.http.HttpHost;
import org.apache.http.HttpRequest;
import org.apache.http.NoHttpResponseException;
import org.apache.http.client.ResponseHandler;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.conn.ClientConnectionManager;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.DefaultHttpRequestRetryHandler;
import org.apache.http.impl.client.HttpClientBuilder;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.SystemDefaultDnsResolver;
import org.apache.http.params.HttpParams;
import org.apache.http.protocol.HttpContext;
import org.apache.http.util.EntityUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ApacheHttpClient4IT extends AbstractHttpClientTest {
    private static final ResponseHandler<Integer> STATUS = response -> {
        EntityUtils.consume(response.getEntity());
        return response.getStatusLine().getStatusCode();
    };

    private final CloseableHttpClient client = builder().build();

    /** What a real bot configures: the test TLS trust, a read timeout, a pool wide enough for a burst of 50. */
    private static HttpClientBuilder builder() {
        return HttpClients.custom()
                .setSSLContext(TestTls.sslContext())
                .setMaxConnPerRoute(100)
                .setMaxConnTotal(200)
                .setDefaultRequestConfig(RequestConfig.custom().setSocketTimeout(READ_TIMEOUT_MILLIS).build());
    }

    @AfterEach
    void closeClient() throws IOException {
        client.close();
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
        return "apache4";
    }

    @Override
    protected int send(String url) throws Exception {
        try (CloseableHttpResponse response = client.execute(new HttpGet(url))) {
            EntityUtils.consume(response.getEntity());
            return response.getStatusLine().getStatusCode();
        }
    }

    @Override
    protected byte[] sendReadingBody(String url) throws Exception {
        return client.execute(new HttpGet(url), response -> EntityUtils.toByteArray(response.getEntity()));
    }

    @Test
    void aGzippedBodyIsWatchedAsTheApplicationReadsItDecompressedAndThroughWriteTo() throws Exception {
        Limiter limiter = limiter("kis");
        long signals = limiter.limitSignals();
        byte[] kis = LimitedServer.KIS_BODY.getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(kis, sendReadingBody(server.url("/body/apache4-kis/kis-gzip")),
                "the client decompressed it for the application");
        assertEquals(signals + 1, limiter.limitSignals(), "the code was found in the decompressed body");
        byte[] written = client.execute(new HttpGet(server.url("/body/apache4-kis/kis")), response -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            response.getEntity().writeTo(out);
            return out.toByteArray();
        });
        assertArrayEquals(kis, written);
        assertEquals(signals + 2, limiter.limitSignals(), "HttpEntity.writeTo");
        try (CloseableHttpResponse response = client.execute(new HttpGet(server.url("/body/apache4-kis/kis")))) {
            assertSame(response.getEntity(), response.getEntity(), "the same entity each time");
            assertArrayEquals(kis, response.getEntity().getContent().readAllBytes());
        }
        assertEquals(signals + 3, limiter.limitSignals(), "a response read without a handler");
    }

    /** {@code RedirectExec} sits above {@code MainClientExec}: each hop is an attempt the agent sees. */
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
        // apache4-connect: 1/s. The first connection opens 300 ms late (a slow name lookup, like a cold JVM or a far
        // server). Admitted before that, the first request would count as sent 300 ms before the server sees it, and
        // the second, on time by the limiter's clock, would reach the server 300 ms early.
        AtomicBoolean first = new AtomicBoolean(true);
        try (CloseableHttpClient slow = builder().setDnsResolver(host -> {
            if (first.getAndSet(false)) {
                sleep(300);
            }
            return SystemDefaultDnsResolver.INSTANCE.resolve(host);
        }).build()) {
            for (int i = 0; i < 2; i++) {
                assertEquals(200, (int) slow.execute(new HttpGet(server.url("/limited/apache4-connect/" + i)), STATUS));
            }
        }
        assertEquals(2, server.accepted());
        assertTrue(server.sustainedRate(1) <= 1.0, "the server saw the second request "
                + (long) (1000 / server.sustainedRate(1)) + " ms after the first");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void wrappingClientsResponseHandlersAndTheMinimalClientCountEachRequestOnce() throws Exception {
        String url = server.url("/limited/apache4-once/x");
        try (CloseableHttpClient wrapping = new Wrapping(client);
                CloseableHttpClient minimal = HttpClients.createMinimal()) {
            assertEquals(200, (int) wrapping.execute(new HttpGet(url), STATUS));
            assertEquals(200, (int) client.execute(HttpHost.create(server.url("")),
                    new HttpGet("/limited/apache4-once/y"), STATUS, null));
            assertEquals(200, (int) minimal.execute(new HttpGet(url), STATUS));
        }
        assertEquals(3, server.served());
        assertEquals(3, limiter("once").admitted(), "one admission per request on the wire");
    }

    @Test
    void eachAttemptOfTheClientsOwnRetryAfterAnIoErrorIsCounted() throws Exception {
        try (DroppingServer dropping = new DroppingServer()) {
            assertThrows(NoHttpResponseException.class,
                    () -> send("http://127.0.0.1:" + dropping.port() + "/dropped-apache4/x"));
            // DefaultHttpRequestRetryHandler: the request and three retries, each a wire request.
            assertEquals(4, dropping.requests());
            assertEquals(4, limiter("dropped").admitted());
        }
    }

    @Test
    void theDefaultRetryHandlerDoesNotRetryAWaitTimeout() throws Exception {
        List<Boolean> decisions = new CopyOnWriteArrayList<>();
        try (CloseableHttpClient recording = builder().setRetryHandler(new DefaultHttpRequestRetryHandler() {
            @Override
            public boolean retryRequest(IOException exception, int executionCount, HttpContext context) {
                boolean retry = super.retryRequest(exception, executionCount, context);
                if (exception instanceof Zero429Exception) {
                    decisions.add(retry);
                }
                return retry;
            }
        }).build()) {
            assertEquals(200, (int) recording.execute(new HttpGet(server.url("/limited/apache4-refusal/a")), STATUS));
            assertThrows(Zero429WaitTimeoutException.class,
                    () -> recording.execute(new HttpGet(server.url("/limited/apache4-refusal/b")), STATUS));
        }
        assertEquals(List.of(false), decisions, "the handler was asked once and said no");
        assertEquals(1, server.served());
    }

    @Test
    void aPartitionedRuleTakesItsKeyFromTheRequestHeader() throws Exception {
        // apache4-keyed: 1/m for each X-Api-Key value, max-wait 1 s.
        assertEquals(200, sendWithKey("/limited/apache4-keyed/1", "alice"));
        assertEquals(200, sendWithKey("/limited/apache4-keyed/2", "bob"), "another key, another budget");
        assertThrows(Zero429WaitTimeoutException.class, () -> sendWithKey("/limited/apache4-keyed/3", "alice"));
        assertEquals(2, server.served());
    }

    private int sendWithKey(String path, String key) throws IOException {
        HttpGet get = new HttpGet(server.url(path));
        get.setHeader("X-Api-Key", key);
        return client.execute(get, STATUS);
    }

    /** An application's client that hands every request to another client. */
    @SuppressWarnings("deprecation")
    private static final class Wrapping extends CloseableHttpClient {
        private final CloseableHttpClient inner;

        Wrapping(CloseableHttpClient inner) {
            this.inner = inner;
        }

        @Override
        protected CloseableHttpResponse doExecute(HttpHost target, HttpRequest request, HttpContext context)
                throws IOException {
            return inner.execute(target, request, context);
        }

        @Override
        public void close() {
            // the inner client belongs to the test
        }

        @Override
        public HttpParams getParams() {
            return inner.getParams();
        }

        @Override
        public ClientConnectionManager getConnectionManager() {
            return inner.getConnectionManager();
        }
    }

    /** Reads each request and closes the connection without answering: the client sees NoHttpResponseException. */
    private static final class DroppingServer implements AutoCloseable {
        private final ServerSocket socket;
        private final AtomicInteger requests = new AtomicInteger();

        DroppingServer() throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread thread = new Thread(this::serve, "dropping-server");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        int requests() {
            return requests.get();
        }

        private void serve() {
            while (!socket.isClosed()) {
                try (Socket connection = socket.accept()) {
                    readHead(connection.getInputStream());
                    requests.incrementAndGet();
                } catch (IOException e) {
                    return;
                }
            }
        }

        /** Reads up to the blank line that ends a request head (a GET has no body). */
        private static void readHead(InputStream in) throws IOException {
            int last4 = 0;
            int b;
            while ((b = in.read()) >= 0) {
                last4 = last4 << 8 | b;
                if (last4 == 0x0D0A0D0A) {
                    return;
                }
            }
            throw new IOException("closed before the end of the request head");
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
