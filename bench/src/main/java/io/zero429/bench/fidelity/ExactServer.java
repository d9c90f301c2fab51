package io.zero429.bench.fidelity;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;

/**
 * An API that enforces its limits exactly: a request is stamped when its headers have been read, checked against
 * every limit, and answered 200 or 429 (with no Retry-After: the agent must not need it). A path under {@code /w5/}
 * costs 5 units, anything else 1. Keeps every accepted arrival for the efficiency figure.
 */
final class ExactServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "exact-server");
        t.setDaemon(true);
        return t;
    });
    private final List<ExactLimit> limits;
    private final long origin = System.nanoTime();
    private final List<long[]> accepted = new ArrayList<>();
    private final List<Long> rejectedAt = new ArrayList<>();
    private int rejected;

    /** Plain HTTP, or HTTPS with {@code tls} when it is not null. */
    ExactServer(List<ExactLimit> limits, SSLContext tls) throws IOException {
        this.limits = limits;
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        if (tls == null) {
            server = HttpServer.create(address, 200);
        } else {
            HttpsServer https = HttpsServer.create(address, 200);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            server = https;
        }
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long cost = exchange.getRequestURI().getPath().startsWith("/w5/") ? 5 : 1;
        boolean ok = admit(cost);
        byte[] body = (ok ? "{\"ok\":true}" : "{\"error\":\"too many requests\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(ok ? 200 : 429, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Reads the clock inside the lock, so arrivals are judged in the order the limits see them. */
    private synchronized boolean admit(long cost) {
        long now = System.nanoTime() - origin;
        for (ExactLimit limit : limits) {
            if (limit.earliest(now, cost) > now) {
                rejected++;
                rejectedAt.add(now);
                return false;
            }
        }
        for (ExactLimit limit : limits) {
            limit.take(now, cost);
        }
        accepted.add(new long[] {now, cost});
        return true;
    }

    synchronized int rejected() {
        return rejected;
    }

    /** When each rejected request arrived, from the server's start. */
    synchronized List<Long> rejectedArrivals() {
        return new ArrayList<>(rejectedAt);
    }

    synchronized int acceptedCount() {
        return accepted.size();
    }

    /** Accepted arrivals, in order: {time from the server's start, cost}. */
    synchronized List<long[]> acceptedArrivals() {
        return new ArrayList<>(accepted);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
