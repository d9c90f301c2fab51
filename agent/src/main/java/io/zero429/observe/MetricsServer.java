package io.zero429.observe;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves {@code GET /metrics} ({@link PrometheusText}) on one daemon thread, with the JDK's own HTTP server (no
 * dependency). Bound to 127.0.0.1 unless told otherwise: the figures are the operator's, not the network's.
 */
public final class MetricsServer {
    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts serving; {@code port} 0 picks a free port (see {@link #port()}). */
    public static MetricsServer start(String host, int port, Statistics statistics) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
        server.createContext("/metrics", exchange -> serve(exchange, statistics));
        ExecutorService executor = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "zero429-metrics");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        startAsDaemon(server);
        return new MetricsServer(server, executor);
    }

    /**
     * The JDK server's dispatcher thread takes its daemon status from the thread that starts it: started from the
     * application's main thread it would keep the JVM alive after {@code main} returns.
     */
    private static void startAsDaemon(HttpServer server) throws IOException {
        RuntimeException[] failure = new RuntimeException[1];
        Thread starter = new Thread(() -> {
            try {
                server.start();
            } catch (RuntimeException e) {
                failure[0] = e;
            }
        }, "zero429-metrics-start");
        starter.setDaemon(true);
        starter.start();
        try {
            starter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the metrics endpoint", e);
        }
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    private static void serve(HttpExchange exchange, Statistics statistics) throws IOException {
        try {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body = PrometheusText.render(statistics).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", PrometheusText.CONTENT_TYPE);
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(200, head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } finally {
            exchange.close();
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public void stop() {
        server.stop(0);
        executor.shutdownNow();
    }
}
