package io.zero429.instrument.okhttp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The answers {@code LimitedServer} does not give, for OkHttp's own behaviours: a plain JDK HTTP server on 127.0.0.1.
 * A path containing {@code /okhttp-retry/} is answered 503 with {@code Retry-After: 0} the first time (OkHttp
 * repeats such a request at once by itself) and 200 after that; any other path 200, cacheable for a minute.
 */
final class OriginServer implements AutoCloseable {
    private final HttpServer server;
    private final AtomicInteger served = new AtomicInteger();
    private final Set<String> refusedOnce = ConcurrentHashMap.newKeySet();

    OriginServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    private void answer(HttpExchange exchange) throws IOException {
        served.incrementAndGet();
        String path = exchange.getRequestURI().getPath();
        try {
            if (path.contains("/okhttp-retry/") && refusedOnce.add(path)) {
                exchange.getResponseHeaders().set("Retry-After", "0");
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Cache-Control", "max-age=60");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } finally {
            exchange.close();
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Requests that reached this server. */
    int served() {
        return served.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
