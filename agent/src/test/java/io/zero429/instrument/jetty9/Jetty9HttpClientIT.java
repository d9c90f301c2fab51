package io.zero429.instrument.jetty9;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zero429.instrument.testing.AbstractHttpClientTest;
import io.zero429.instrument.testing.TestTls;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Jetty's HttpClient 9.4 and 11 ({@code org.eclipse.jetty.client}, API in {@code .client.api}) as an application
 * configures it: the test TLS trust in an {@code SslContextFactory.Client} ({@code new HttpClient(tls)} on 9.4; on
 * 11 through a {@code ClientConnector} under the HTTP/1.1 transport), redirects followed (the default), a total timeout
 * per request. It runs only in the {@code jetty9} / {@code jetty11} failsafe executions,
 * whose class path has that Jetty instead of 12 (property {@code zero429.it.jetty9.version}; the test checks that
 * version ran). The module compiles against Jetty 12, whose API packages differ, so this adapter calls Jetty through
 * reflection: the calls are the ordinary ones ({@code newRequest(url).timeout(...).send()}, {@code send(listener)}).
 */
class Jetty9HttpClientIT extends AbstractHttpClientTest {
    private static Object client;

    @BeforeAll
    static void startClient() throws Exception {
        String expected = System.getProperty("zero429.it.jetty9.version");
        Assumptions.assumeTrue(expected != null, "runs in the jetty9 and jetty11 failsafe executions only");
        String ran = (String) Class.forName("org.eclipse.jetty.util.Jetty").getField("VERSION").get(null);
        assertEquals(expected, ran, "the Jetty the execution asked for");
        Class<?> tlsType = Class.forName("org.eclipse.jetty.util.ssl.SslContextFactory$Client");
        Object tls = tlsType.getConstructor().newInstance();
        tlsType.getMethod("setSslContext", SSLContext.class).invoke(tls, TestTls.sslContext());
        Class<?> clientType = Class.forName("org.eclipse.jetty.client.HttpClient");
        if (ran.startsWith("9.")) {
            // 9.4: new HttpClient(sslContextFactory).
            client = clientType.getConstructor(tlsType.getSuperclass()).newInstance(tls);
        } else {
            // 10/11: the TLS settings belong to the ClientConnector under the transport.
            Class<?> connectorType = Class.forName("org.eclipse.jetty.io.ClientConnector");
            Object connector = connectorType.getConstructor().newInstance();
            connectorType.getMethod("setSslContextFactory", tlsType).invoke(connector, tls);
            Class<?> transportType = Class.forName("org.eclipse.jetty.client.http.HttpClientTransportOverHTTP");
            Object transport = transportType.getConstructor(connectorType).newInstance(connector);
            client = clientType.getConstructor(Class.forName("org.eclipse.jetty.client.HttpClientTransport"))
                    .newInstance(transport);
        }
        call(client, "start");
    }

    @AfterAll
    static void stopClient() throws Exception {
        if (client != null) {
            call(client, "stop");
        }
    }

    @Override
    protected String prefix() {
        return "jetty9";
    }

    /** As with Jetty 12: a request written to a connection that turns out reset is not sent again. */
    @Override
    protected boolean recoversFromEvery(ConnectionFault fault) {
        return fault == ConnectionFault.IDLE_CLOSE;
    }

    /** Each redirect hop is a new request through {@code send}: each hop counted. */
    @Override
    protected int countedPerRedirect() {
        return 2;
    }

    /** {@code client.newRequest(url).timeout(READ_TIMEOUT_MILLIS, MILLISECONDS)}. */
    private static Object get(String url) throws Exception {
        Object request = client.getClass().getMethod("newRequest", String.class).invoke(client, url);
        return api("Request").getMethod("timeout", long.class, TimeUnit.class)
                .invoke(request, READ_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The blocking {@code send()}: its {@code ContentResponse}. */
    private static Object contentResponse(String url) throws Exception {
        try {
            return api("Request").getMethod("send").invoke(get(url));
        } catch (InvocationTargetException e) {
            Throwable thrown = e.getCause();
            throw reported(thrown instanceof ExecutionException ? thrown.getCause() : thrown);
        }
    }

    @Override
    protected int send(String url) throws Exception {
        return (Integer) call(contentResponse(url), "getStatus");
    }

    @Override
    protected byte[] sendReadingBody(String url) throws Exception {
        return (byte[]) call(contentResponse(url), "getContent");
    }

    /** {@code send(Response.CompleteListener)}, the listener a lambda as an application writes it. */
    @Override
    protected CompletableFuture<Integer> sendAsync(String url) throws Exception {
        CompletableFuture<Integer> status = new CompletableFuture<>();
        Class<?> listenerType = api("Response$CompleteListener");
        Object listener = Proxy.newProxyInstance(listenerType.getClassLoader(), new Class<?>[] {listenerType},
                (proxy, method, args) -> {
                    if (method.getName().equals("onComplete")) {
                        Object result = args[0];
                        if ((Boolean) call(result, "isFailed")) {
                            status.completeExceptionally(reported((Throwable) call(result, "getFailure")));
                        } else {
                            status.complete((Integer) call(call(result, "getResponse"), "getStatus"));
                        }
                        return null;
                    }
                    return method.getName().equals("equals") ? proxy == args[0]
                            : method.getName().equals("hashCode") ? System.identityHashCode(proxy) : "listener";
                });
        api("Request").getMethod("send", listenerType).invoke(get(url), listener);
        return status;
    }

    /** Jetty's total timeout: Jetty sets it when it sends the request, after the agent's wait. */
    @Override
    protected Integer sendWithRequestTimeout(String url, long millis) throws Exception {
        Object request = client.getClass().getMethod("newRequest", String.class).invoke(client, url);
        request = api("Request").getMethod("timeout", long.class, TimeUnit.class).invoke(request, millis,
                TimeUnit.MILLISECONDS);
        return (Integer) call(api("Request").getMethod("send").invoke(request), "getStatus");
    }

    /**
     * {@code jetty9-wait}: 1/s. A request that waited for its slot and that Jetty then cannot send is failed, not lost:
     * 9.4's {@code new HttpClient()} has no TLS settings and throws from {@code send} for an https URL (the agent sends
     * it from its timer, so the application's blocking {@code send()} gets the failure through its listener); 11's
     * default client sends it and fails the TLS handshake with the test certificate, as without the agent.
     */
    @Test
    void aHeldRequestJettyCannotSendFailsTheCallInsteadOfHanging() throws Exception {
        Object bare = Class.forName("org.eclipse.jetty.client.HttpClient").getConstructor().newInstance();
        call(bare, "start");
        try {
            assertEquals(200, send(server.url("/limited/jetty9-wait/first")));
            Object request = bare.getClass().getMethod("newRequest", String.class)
                    .invoke(bare, server.httpsUrl("/limited/jetty9-wait/second"));
            CompletableFuture<Object> outcome = CompletableFuture.supplyAsync(() -> {
                try {
                    return api("Request").getMethod("send").invoke(request);
                } catch (InvocationTargetException e) {
                    return e.getCause();
                } catch (ReflectiveOperationException e) {
                    return e;
                }
            });
            Object got = outcome.get(10, TimeUnit.SECONDS);
            assertTrue(got instanceof ExecutionException, "the call failed as Jetty reports failures: " + got);
        } finally {
            call(bare, "stop");
        }
    }

    /**
     * {@code jetty9-stream-kis}: a body read through an {@code InputStreamResponseListener}, the streaming way, is
     * watched too (Jetty pushes its pieces to the listener), and a gzip body is seen as Jetty decodes it.
     */
    @Test
    void aBodyReadAsAStreamIsWatchedToo() throws Exception {
        long signals = limiter("stream-kis").limitSignals();
        Object listener = Class.forName("org.eclipse.jetty.client.util.InputStreamResponseListener").getConstructor()
                .newInstance();
        api("Request").getMethod("send", api("Response$CompleteListener"))
                .invoke(get(server.url("/body/jetty9-stream-kis/kis")), listener);
        Object response = listener.getClass().getMethod("get", long.class, TimeUnit.class)
                .invoke(listener, 10L, TimeUnit.SECONDS);
        assertEquals(500, call(response, "getStatus"));
        byte[] body;
        try (java.io.InputStream in = (java.io.InputStream) call(listener, "getInputStream")) {
            body = in.readAllBytes();
        }
        assertEquals(io.zero429.instrument.testing.LimitedServer.KIS_BODY,
                new String(body, java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(signals + 1, limiter("stream-kis").limitSignals());
        assertEquals(io.zero429.instrument.testing.LimitedServer.KIS_BODY, new String(
                sendReadingBody(server.url("/body/jetty9-stream-kis/kis-gzip")), java.nio.charset.StandardCharsets.UTF_8),
                "Jetty decompressed it for the application");
        assertEquals(signals + 2, limiter("stream-kis").limitSignals(), "the code was found in the decompressed body");
    }

    private static Class<?> api(String name) throws ClassNotFoundException {
        return Class.forName("org.eclipse.jetty.client.api." + name);
    }

    /** {@code target.name()} through the public interface or class that declares it. */
    private static Object call(Object target, String name) throws Exception {
        Method method = target.getClass().getMethod(name);
        method.setAccessible(true);
        try {
            return method.invoke(target);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        }
    }

    /**
     * What the client reported, as the application meets it (see {@code JettyHttpClientIT}): Jetty's total timeout is
     * a {@code TimeoutException}, handed on as an {@code IOException}.
     */
    private static Exception reported(Throwable cause) {
        if (cause instanceof TimeoutException) {
            return new IOException("the client's total timeout", cause);
        }
        return cause instanceof Exception ? (Exception) cause : new RuntimeException(cause);
    }
}
