package io.zero429.instrument.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A WireMock server on 127.0.0.1 (HTTP and HTTPS, with the self-signed certificate of {@link TestTls}) that
 * enforces its own limit like a real API: a token bucket of {@code burst} at {@code perSecond} over every path under
 * {@code /limited/}, answering 429 when a request arrives too early. Exactly, like the real API: no arrival allowance.
 * A request counts when the server has read its headers, however late the client, the network or the machine
 * delivered it; keeping to the limit on arrival is the agent's job.
 *
 * <p>Other paths: {@code /teapot/**} always answers 429 with {@code Retry-After: 2}; {@code /redirect-X/from}
 * answers 302 to {@code /redirect-X/to}; {@code /slow/**} answers after {@link #SLOW_MILLIS};
 * {@code /concurrent/**} answers after {@link #BUSY_MILLIS} and counts the requests it holds at once
 * ({@link #maxInFlight}); {@code /body/**} paths ending in {@code /kis} answer 500 with {@link #KIS_BODY}
 * ({@code /kis-gzip}: gzipped; {@code /kis-stalled}: in two halves {@link #STALL_MILLIS} apart), in {@code /kis-ok}
 * 200 with it, in {@code /gemini} 429 with {@link #GEMINI_BODY}; {@code /window/**} keeps to Korea Investment's
 * limit ({@link #window()}: 20 in any second, exactly), answering HTTP 500 with {@link #KIS_BODY} over it;
 * anything else 200.
 */
public final class LimitedServer implements AutoCloseable {
    /** How long {@code /slow/**} takes to answer: well beyond the clients' read timeout in the tests. */
    public static final int SLOW_MILLIS = 3000;
    /** How long the body of {@code /body/**}{@code /kis-stalled} takes to come, in 30 pieces (the first with the head). */
    public static final int STALL_MILLIS = 3000;
    /** How long {@code /concurrent/**} holds each request, within the clients' read timeout. */
    public static final int BUSY_MILLIS = 300;

    /** Korea Investment's answer when a client goes over its per-second limit: HTTP 500, this body. */
    public static final String KIS_BODY =
            "{\"rt_cd\":\"1\",\"msg_cd\":\"EGW00201\",\"msg1\":\"초당 거래건수를 초과하였습니다.\"}";
    /** Gemini's 429 body: RESOURCE_EXHAUSTED, retry in 2 s. */
    public static final String GEMINI_BODY = "{\n  \"error\": {\n    \"code\": 429,\n"
            + "    \"message\": \"You exceeded your current quota.\",\n    \"status\": \"RESOURCE_EXHAUSTED\",\n"
            + "    \"details\": [\n      {\n        \"@type\": \"type.googleapis.com/google.rpc.RetryInfo\",\n"
            + "        \"retryDelay\": \"2s\"\n      }\n    ]\n  }\n}\n";

    private final SlidingWindow window = new SlidingWindow(SlidingWindow.KIS_COUNT, TimeUnit.SECONDS.toNanos(1));
    private final WireMockServer server;
    private final long interval;
    private final long tolerance;
    private long tat;
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger rejected = new AtomicInteger();
    private final AtomicInteger served = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicInteger busyServed = new AtomicInteger();
    private volatile long firstAccepted;
    /** When each of the first accepted requests arrived (enough for every test's requests). */
    private final AtomicLongArray acceptedAt = new AtomicLongArray(1000);
    private volatile long lastAccepted;
    /** When rejected requests arrived, for messages. */
    private final java.util.List<Long> rejectedAt = new java.util.concurrent.CopyOnWriteArrayList<>();

    public LimitedServer(int perSecond, int burst) {
        this.interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
        this.tolerance = (burst - 1) * interval;
        server = new WireMockServer(options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .dynamicHttpsPort()
                .keystorePath(TestTls.keystorePath())
                .keystoreType("PKCS12")
                .keystorePassword(TestTls.PASSWORD)
                .keyManagerPassword(TestTls.PASSWORD)
                // A burst of 50 concurrent requests must all be taken at once, or the server itself delays them.
                .containerThreads(120)
                .jettyAcceptors(2)
                .disableRequestJournal()
                .extensions(new Limit()));
        server.start();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("ok")));
        reset();
    }

    /** A full bucket and zeroed counters, as if the server had just started. */
    public synchronized void reset() {
        tat = System.nanoTime();
        accepted.set(0);
        rejected.set(0);
        rejectedAt.clear();
        served.set(0);
        maxInFlight.set(inFlight.get());
        busyServed.set(0);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    public String httpsUrl(String path) {
        return "https://127.0.0.1:" + server.httpsPort() + path;
    }

    /** The limit of {@code /window/**}: Korea Investment's {@link SlidingWindow}. */
    public SlidingWindow window() {
        return window;
    }

    /** Reads the clock inside the lock, so arrivals are timed in the order the bucket sees them. */
    private synchronized boolean conforms() {
        long now = System.nanoTime();
        long start = Math.max(tat, now);
        if (start + interval - now > tolerance + interval) {
            return false;
        }
        tat = start + interval;
        return true;
    }

    /** Decides every response: the limit, the teapot, redirects, slow answers. */
    private final class Limit implements ResponseDefinitionTransformerV2 {
        @Override
        public ResponseDefinition transform(ServeEvent event) {
            long now = System.nanoTime();
            served.incrementAndGet();
            String path = URI.create(event.getRequest().getUrl()).getPath();
            if (path.startsWith("/teapot/")) {
                return aResponse().withStatus(429).withHeader("Retry-After", "2")
                        .withBody("{\"error\":\"too many requests\"}").build();
            }
            if (path.startsWith("/redirect-") && path.endsWith("/from")) {
                return aResponse().withStatus(302).withHeader("Location", path.replace("/from", "/to")).build();
            }
            if (path.startsWith("/body/") && path.endsWith("/kis")) {
                return aResponse().withStatus(500).withHeader("Content-Type", "application/json; charset=utf-8")
                        .withBody(KIS_BODY).build();
            }
            if (path.startsWith("/body/") && path.endsWith("/kis-gzip")) {
                return aResponse().withStatus(500).withHeader("Content-Type", "application/json; charset=utf-8")
                        .withHeader("Content-Encoding", "gzip").withBody(gzip(KIS_BODY)).build();
            }
            if (path.startsWith("/body/") && path.endsWith("/kis-stalled")) {
                return aResponse().withStatus(500).withHeader("Content-Type", "application/json; charset=utf-8")
                        .withBody(KIS_BODY).withChunkedDribbleDelay(30, STALL_MILLIS).build();
            }
            if (path.startsWith("/body/") && path.endsWith("/kis-ok")) {
                return aResponse().withStatus(200).withHeader("Content-Type", "application/json; charset=utf-8")
                        .withBody(KIS_BODY).build();
            }
            if (path.startsWith("/body/") && path.endsWith("/gemini")) {
                return aResponse().withStatus(429).withHeader("Content-Type", "application/json; charset=UTF-8")
                        .withBody(GEMINI_BODY).build();
            }
            if (path.startsWith("/slow/")) {
                return aResponse().withStatus(200).withBody("late").withFixedDelay(SLOW_MILLIS).build();
            }
            if (path.startsWith("/concurrent/")) {
                return busy(event);
            }
            if (path.startsWith("/window/")) {
                if (!window.conforms(now)) {
                    return aResponse().withStatus(500).withHeader("Content-Type", "application/json; charset=utf-8")
                            .withBody(KIS_BODY).build();
                }
                return event.getResponseDefinition();
            }
            if (!path.startsWith("/limited/")) {
                return event.getResponseDefinition();
            }
            if (!conforms()) {
                rejected.incrementAndGet();
                rejectedAt.add(now);
                return aResponse().withStatus(429).withBody("{\"error\":\"too many requests\"}").build();
            }
            int index = accepted.getAndIncrement();
            if (index == 0) {
                firstAccepted = now;
            }
            if (index < acceptedAt.length()) {
                acceptedAt.set(index, now);
            }
            lastAccepted = now;
            return event.getResponseDefinition();
        }

        /**
         * Holds the request on its container thread for {@link #BUSY_MILLIS}: it counts as in flight from when it
         * arrives until just before its response is written, so a client that sends the next request only once a
         * response is back can never make the count overlap.
         */
        private ResponseDefinition busy(ServeEvent event) {
            busyServed.incrementAndGet();
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                Thread.sleep(BUSY_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.decrementAndGet();
            }
            return event.getResponseDefinition();
        }

        @Override
        public String getName() {
            return "zero429-test-limit";
        }
    }

    private static byte[] gzip(String text) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(bytes)) {
            out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public int accepted() {
        return accepted.get();
    }

    /** When the rejected requests arrived, in ms after the first accepted one (for failure messages). */
    public java.util.List<Long> rejectedAtMillis() {
        java.util.List<Long> millis = new java.util.ArrayList<>();
        for (long at : rejectedAt) {
            millis.add((at - firstAccepted) / 1_000_000);
        }
        return millis;
    }

    /** The longest time between two accepted requests and when it began, in ms after the first (for messages). */
    public String longestGap() {
        int n = Math.min(accepted.get(), acceptedAt.length());
        long gap = 0;
        long at = 0;
        for (int i = 1; i < n; i++) {
            if (acceptedAt.get(i) - acceptedAt.get(i - 1) > gap) {
                gap = acceptedAt.get(i) - acceptedAt.get(i - 1);
                at = acceptedAt.get(i - 1) - firstAccepted;
            }
        }
        return String.format(java.util.Locale.ROOT, "%d ms from %d ms", gap / 1_000_000, at / 1_000_000);
    }

    /** Requests the server refused with 429 because they came too early. */
    public int rejected() {
        return rejected.get();
    }

    /** The most {@code /concurrent/**} requests the server held at once since the last {@link #reset}. */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    /** {@code /concurrent/**} requests that reached the server since the last {@link #reset}. */
    public int busyServed() {
        return busyServed.get();
    }

    /** Every request that reached the server, whatever its path. */
    public int served() {
        return served.get();
    }

    /**
     * The steady rate after the opening burst: accepted requests per second from the first one after the burst to
     * the last. Unlike {@link #sustainedRate}, it leaves out the one-time wait a limiter makes for its opening
     * burst's answers (cold-start anchoring: up to one round trip, once), which is not part of its rate.
     */
    public double steadyRate(int burst) {
        return (accepted.get() - burst - 1) * 1e9 / (lastAccepted - acceptedAt.get(burst));
    }

    /**
     * {@link #steadyRate} up to {@code until} (a {@link System#nanoTime()}; on Linux other JVMs of the host read the
     * same clock): while some demand lasted.
     */
    public double steadyRateUntil(int burst, long until) {
        int last = Math.min(accepted.get(), acceptedAt.length()) - 1;
        while (last > burst + 1 && acceptedAt.get(last) > until) {
            last--;
        }
        return (last - burst) * 1e9 / (acceptedAt.get(last) - acceptedAt.get(burst));
    }

    /**
     * Accepted requests per second from the first accepted at or after {@code from} to the last accepted by
     * {@code until} (both {@link System#nanoTime()}s, read alike by every JVM of a Linux host).
     */
    public double rateBetween(long from, long until) {
        int n = Math.min(accepted.get(), acceptedAt.length());
        int first = -1;
        int last = -1;
        for (int i = 0; i < n; i++) {
            long at = acceptedAt.get(i);
            if (at - from >= 0 && first < 0) {
                first = i;
            }
            if (at - until <= 0) {
                last = i;
            }
        }
        if (first < 0 || last <= first) {
            return 0;
        }
        return (last - first) * 1e9 / (acceptedAt.get(last) - acceptedAt.get(first));
    }

    /** Accepted requests per second between the first and the last, after the opening burst. */
    public double sustainedRate(int burst) {
        return (accepted.get() - burst) * 1e9 / (lastAccepted - firstAccepted);
    }

    @Override
    public void close() {
        server.stop();
    }
}
