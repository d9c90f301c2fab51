package io.zero429.instrument.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP server on 127.0.0.1 that enforces its own limit like a real API: a token bucket of {@code burst}
 * at {@code perSecond}, answering 429 when a request arrives too early. Paths under {@code /teapot/} always answer
 * 429 with {@code Retry-After: 2}. The bucket allows 20 ms of arrival jitter: requests leave the client on time
 * but a loaded 2-core test machine may deliver them a few milliseconds apart from how they left.
 */
public final class LimitedServer implements AutoCloseable {
    static final long JITTER_ALLOWANCE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(16);
    private final long interval;
    private final long tolerance;
    private long tat;
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger rejected = new AtomicInteger();
    private volatile long firstAccepted;
    private volatile long lastAccepted;

    public LimitedServer(int perSecond, int burst) throws IOException {
        this.interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
        this.tolerance = (burst - 1) * interval + JITTER_ALLOWANCE_NANOS;
        this.tat = System.nanoTime();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
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

    private void handle(HttpExchange exchange) throws IOException {
        long now = System.nanoTime();
        String path = exchange.getRequestURI().getPath();
        if (path.startsWith("/teapot/")) {
            exchange.getResponseHeaders().add("Retry-After", "2");
            respond(exchange, 429, "{\"error\":\"too many requests\"}");
        } else if (!path.startsWith("/limited/") || conforms()) {
            if (path.startsWith("/limited/")) {
                if (accepted.getAndIncrement() == 0) {
                    firstAccepted = now;
                }
                lastAccepted = now;
            }
            respond(exchange, 200, "ok");
        } else {
            rejected.incrementAndGet();
            respond(exchange, 429, "{\"error\":\"too many requests\"}");
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    public int accepted() {
        return accepted.get();
    }

    /** Requests the server refused with 429 because they came too early. */
    public int rejected() {
        return rejected.get();
    }

    /** Accepted requests per second between the first and the last, after the opening burst. */
    public double sustainedRate(int burst) {
        return (accepted.get() - burst) * 1e9 / (lastAccepted - firstAccepted);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
