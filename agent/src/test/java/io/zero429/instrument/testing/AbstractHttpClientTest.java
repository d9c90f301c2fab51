package io.zero429.instrument.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zero429.instrument.Hooks;
import io.zero429.limit.Limiter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cases every client must pass, run in a JVM started with the real shaded agent jar and
 * {@code src/test/resources/rules/agent-it.properties} (see the failsafe configuration). Each client supplies an
 * adapter: how to send a request and read its status. Each client has its own limiters ({@link #prefix()}), so the
 * cases of different clients never share a budget.
 */
public abstract class AbstractHttpClientTest {
    protected LimitedServer server;

    /** Path prefix of this client's rules, e.g. {@code jdk}: rules match {@code /limited/jdk/**}. */
    protected abstract String prefix();

    /** Sends a GET and returns the status, blocking until the response is back. */
    protected abstract int send(String url) throws Exception;

    @BeforeEach
    void startServer() throws Exception {
        server = new LimitedServer(10, 10);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    protected Limiter limiter(String name) {
        assertNotNull(Hooks.engine(), "the agent is running in this JVM");
        return Hooks.engine().pool().shared(name);
    }

    /**
     * Opens a burst's worth of pooled connections with unmatched requests. Otherwise the opening burst travels on
     * fresh connections (tens of milliseconds on a cold JVM) while the next request reuses a pooled one: the server
     * would see the burst late and the next request early, a one-time skew no client-side margin absorbs.
     */
    protected void warmUp(int connections) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        List<Future<Integer>> statuses = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            statuses.add(pool.submit(() -> send(server.url("/unlimited/warm-up"))));
        }
        for (Future<Integer> status : statuses) {
            status.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
    }

    @Test
    void aBurstOf50ConcurrentRequestsStaysUnderTheServerLimitAtFullSpeed() throws Exception {
        warmUp(10);
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
        double rate = server.sustainedRate(10);
        assertTrue(rate >= 0.97 * 10 && rate <= 10.5, "achieved " + rate + "/s of 10/s");
    }

    @Test
    void aRequestNoRuleMatchesIsNotDelayed() throws Exception {
        // Exhaust the limiter first: a matching request would now wait ~100 ms.
        Limiter limiter = limiter(prefix() + "-free-check");
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
        Limiter limiter = limiter(prefix() + "-teapot");
        assertEquals(429, send(server.url("/teapot/" + prefix())));
        long pausedFor = limiter.pausedUntil() - System.nanoTime();
        assertTrue(pausedFor > TimeUnit.MILLISECONDS.toNanos(1500) && pausedFor <= TimeUnit.SECONDS.toNanos(2),
                "paused for " + pausedFor / 1_000_000 + " ms");
        assertTrue(limiter.rateRatio() < 1.0, "ratio " + limiter.rateRatio());
    }
}
