package io.zero429.instrument.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zero429.instrument.testing.AbstractHttpClientTest;
import io.zero429.instrument.testing.TestTls;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Jetty's HttpClient 12 as an application configures it: the test TLS trust, redirects followed (Jetty's default),
 * a total timeout per request. {@code send} is Jetty's blocking {@code send()}; {@code sendAsync} its
 * {@code send(CompleteListener)}.
 */
class JettyHttpClientIT extends AbstractHttpClientTest {
    private static HttpClient client;

    @BeforeAll
    static void startClient() throws Exception {
        SslContextFactory.Client tls = new SslContextFactory.Client();
        tls.setSslContext(TestTls.sslContext());
        ClientConnector connector = new ClientConnector();
        connector.setSslContextFactory(tls);
        client = new HttpClient(new org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP(connector));
        client.start();
    }

    @AfterAll
    static void stopClient() throws Exception {
        client.stop();
    }

    /**
     * Jetty does not send a request again once it was written to a connection that turns out reset: 4 of 32 requests
     * of the reset rounds failed without the agent in a run ({@code EOFException}). An idle connection the server
     * closed is noticed before reuse.
     */
    @Override
    protected boolean recoversFromEvery(ConnectionFault fault) {
        return fault == ConnectionFault.IDLE_CLOSE;
    }

    /** Jetty's total timeout: Jetty starts it when the request is queued, after the agent's wait. */
    @Override
    protected Integer sendWithRequestTimeout(String url, long millis) throws Exception {
        return client.newRequest(url).timeout(millis, TimeUnit.MILLISECONDS).send().getStatus();
    }

    @Override
    protected String prefix() {
        return "jetty";
    }

    private static Request get(String url) {
        return client.newRequest(url).timeout(READ_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    protected int send(String url) throws Exception {
        try {
            return get(url).send().getStatus();
        } catch (ExecutionException e) {
            throw reported(e.getCause());
        } catch (TimeoutException e) {
            throw reported(e);
        }
    }

    @Override
    protected CompletableFuture<Integer> sendAsync(String url) {
        CompletableFuture<Integer> status = new CompletableFuture<>();
        get(url).send(result -> {
            if (result.isFailed()) {
                status.completeExceptionally(reported(result.getFailure()));
            } else {
                status.complete(result.getResponse().getStatus());
            }
        });
        return status;
    }

    /**
     * What the client reported, as the application meets it: the blocking {@code send()} wraps a failure in an
     * {@code ExecutionException}; Jetty's total timeout is a {@code TimeoutException}, handed on as an
     * {@code IOException} (the base class asks for a client timeout of that kind).
     */
    private static Exception reported(Throwable cause) {
        if (cause instanceof TimeoutException) {
            return new IOException("the client's total timeout", cause);
        }
        return cause instanceof Exception ? (Exception) cause : new RuntimeException(cause);
    }

    /** The body as the blocking {@code send()} buffers it for the application, error bodies included. */
    @Override
    protected byte[] sendReadingBody(String url) throws Exception {
        try {
            return get(url).send().getContent();
        } catch (ExecutionException e) {
            throw reported(e.getCause());
        }
    }

    /**
     * {@code jetty-stream-kis}: KIS body codes. The body read through an {@code InputStreamResponseListener}, the
     * streaming way, is watched as well: the code in it is a limit signal, and the application reads it unchanged; a
     * gzip body is seen as Jetty decodes it for the application.
     */
    @Test
    void aBodyReadAsAStreamIsWatchedToo() throws Exception {
        long signals = limiter("stream-kis").limitSignals();
        org.eclipse.jetty.client.InputStreamResponseListener listener =
                new org.eclipse.jetty.client.InputStreamResponseListener();
        get(server.url("/body/jetty-stream-kis/kis")).send(listener);
        assertEquals(500, listener.get(10, TimeUnit.SECONDS).getStatus());
        byte[] body;
        try (java.io.InputStream in = listener.getInputStream()) {
            body = in.readAllBytes();
        }
        assertEquals(io.zero429.instrument.testing.LimitedServer.KIS_BODY,
                new String(body, java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(signals + 1, limiter("stream-kis").limitSignals());
        assertEquals(io.zero429.instrument.testing.LimitedServer.KIS_BODY, new String(
                sendReadingBody(server.url("/body/jetty-stream-kis/kis-gzip")), java.nio.charset.StandardCharsets.UTF_8),
                "Jetty decompressed it for the application");
        assertEquals(signals + 2, limiter("stream-kis").limitSignals(), "the code was found in the decompressed body");
    }

    /** Jetty sends each redirect hop as a new request through {@code send}: each hop counted. */
    @Override
    protected int countedPerRedirect() {
        return 2;
    }
}
