package io.zero429.instrument.urlconnection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zero429.Zero429WaitTimeoutException;
import io.zero429.instrument.testing.AbstractHttpClientTest;
import io.zero429.instrument.testing.LimitedServer;
import io.zero429.instrument.testing.TestTls;
import io.zero429.limit.Limiter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.HttpsURLConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpUrlConnectionIT extends AbstractHttpClientTest {
    @Override
    protected String prefix() {
        return "huc";
    }

    private static HttpURLConnection open(String url) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection();
        if (connection instanceof HttpsURLConnection) {
            ((HttpsURLConnection) connection).setSSLSocketFactory(TestTls.sslContext().getSocketFactory());
        }
        connection.setConnectTimeout(5000);
        connection.setReadTimeout(READ_TIMEOUT_MILLIS);
        return connection;
    }

    /** Reads and closes the body (the error body for 4xx/5xx), so the connection goes back to the keep-alive cache. */
    private static void drain(HttpURLConnection connection, int status) throws IOException {
        try (InputStream body = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
            if (body != null) {
                body.readAllBytes();
            }
        }
    }

    @Override
    protected int send(String url) throws Exception {
        HttpURLConnection connection = open(url);
        int status = connection.getResponseCode();
        drain(connection, status);
        return status;
    }

    @Override
    protected byte[] sendReadingBody(String url) throws Exception {
        HttpURLConnection connection = open(url);
        int status = connection.getResponseCode();
        try (InputStream body = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
            return body.readAllBytes();
        }
    }

    @Test
    void theBodyStreamIsWatchedOnceAndHandedOutTheSameEachTime() throws Exception {
        Limiter limiter = limiter("kis");
        long signals = limiter.limitSignals();
        HttpURLConnection ok = open(server.url("/body/huc-kis/kis-ok"));
        InputStream first = ok.getInputStream();
        assertSame(first, ok.getInputStream(), "getInputStream returns the same stream every time");
        assertEquals(200, ok.getResponseCode());
        assertSame(first, ok.getInputStream());
        byte[] start = first.readNBytes(40); // past "msg_cd":"EGW00201", before the end of the body
        assertEquals(signals, limiter.limitSignals(), "nothing is decided before the body ends");
        first.close();
        assertEquals(signals + 1, limiter.limitSignals(), "closing ends the body: what was read is scanned");
        assertEquals(LimitedServer.KIS_BODY.substring(0, 35),
                new String(start, java.nio.charset.StandardCharsets.UTF_8).substring(0, 35));

        HttpURLConnection failed = open(server.url("/body/huc-kis/kis"));
        assertThrows(IOException.class, failed::getInputStream, "HttpURLConnection throws for a 500");
        InputStream error = failed.getErrorStream();
        assertSame(error, failed.getErrorStream(), "getErrorStream returns the same stream every time");
        error.readAllBytes();
        assertEquals(signals + 2, limiter.limitSignals(), "at the end of the body");
        error.close();
        assertEquals(signals + 2, limiter.limitSignals(), "once");

        InputStream unwatched = open(server.url("/unlimited/huc-body")).getInputStream();
        assertTrue(!(unwatched instanceof io.zero429.instrument.WatchedInputStream), "no rule: the stream is the JDK's");
        unwatched.close();
    }

    /** Redirect hops each go through {@code writeRequests}: each is counted. */
    @Override
    protected int countedPerRedirect() {
        return 2;
    }

    /** The request waits once its connection is open: a refused connection sent nothing and counts nothing. */
    @Override
    protected int countedForARefusedConnection() {
        return 0;
    }

    @AfterEach
    void noTicketIsLeftBehind() {
        assertEquals(0, ConnectionTickets.pending(), "tickets of connections whose response was read");
    }

    @Test
    void everyOrderOfCallsSendsTheRequestOnceAndCountsItOnce() throws Exception {
        Limiter limiter = limiter("calls");
        String url = server.url("/limited/huc-calls/x");
        long before = limiter.admitted();

        HttpURLConnection a = open(url);
        a.connect();
        assertEquals(200, a.getResponseCode());
        a.getInputStream().readAllBytes();
        a.getHeaderField("Content-Length");
        assertEquals(before + 1, limiter.admitted(), "connect, getResponseCode, getInputStream, getHeaderField");

        HttpURLConnection b = open(url);
        assertTrue(b.getHeaderField(0).contains("200"));
        assertEquals(200, b.getResponseCode());
        drain(b, 200);
        assertEquals(before + 2, limiter.admitted(), "getHeaderField first");

        HttpURLConnection c = open(url);
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        try (OutputStream body = c.getOutputStream()) {
            body.write("buffered".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(before + 2, limiter.admitted(), "a buffered body is sent with the request, not before");
        assertEquals(200, c.getResponseCode());
        drain(c, 200);
        assertEquals(before + 3, limiter.admitted(), "POST, buffered body");

        HttpURLConnection d = open(url);
        d.setRequestMethod("POST");
        d.setDoOutput(true);
        byte[] streamed = "streamed".getBytes(StandardCharsets.UTF_8);
        d.setFixedLengthStreamingMode(streamed.length);
        try (OutputStream body = d.getOutputStream()) {
            assertEquals(before + 4, limiter.admitted(), "in streaming mode the request leaves with getOutputStream");
            body.write(streamed);
        }
        drain(d, d.getResponseCode());
        assertEquals(before + 4, limiter.admitted(), "POST, streaming body");
        assertEquals(4, server.served());
    }

    @Test
    void theStatusIsSeenWhenGetInputStreamThrowsFor4xx() throws Exception {
        Limiter limiter = limiter("teapot");
        long signals = limiter.limitSignals();
        HttpURLConnection connection = open(server.url("/teapot/huc"));
        assertThrows(IOException.class, connection::getInputStream, "HttpURLConnection throws for a 429");
        assertEquals(signals + 1, limiter.limitSignals());
        assertTrue(limiter.pausedUntil() > System.nanoTime(), "Retry-After paused the limiter");
        connection.getErrorStream().close();
    }

    @Test
    void aPartitionKeyHeaderGivesEachValueItsOwnBudget() throws Exception {
        String url = server.url("/limited/huc-partitioned/x");
        assertEquals(200, sendWithKey(url, "key-a"));
        assertEquals(200, sendWithKey(url, "key-b"), "another key has its own 1/m budget");
        assertThrows(Zero429WaitTimeoutException.class, () -> sendWithKey(url, "key-a"),
                "the same key would wait a minute, beyond max-wait");
    }

    private static int sendWithKey(String url, String key) throws IOException {
        HttpURLConnection connection = open(url);
        connection.setRequestProperty("X-Api-Key", key);
        int status = connection.getResponseCode();
        drain(connection, status);
        return status;
    }
}
