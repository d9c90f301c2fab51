package io.zero429.bench.fidelity;

import io.zero429.testapp.net.DelayingProxy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;

/**
 * Warms the driver's own side before the first cell: its {@link ExactServer} (plain and TLS) and the
 * {@link DelayingProxy} run in this JVM, and the first cell of a run otherwise met them interpreted, with their
 * TLS handshake code not yet compiled. The first cell then measured the driver's cold start as well as the bot's
 * (jdk-async through the proxy paced 0.947 as the first run and 0.981-0.998 in every later one). The bot is still
 * a fresh JVM in every cell: only the driver is warmed.
 */
final class DriverWarmup {
    private static final int THREADS = 8;
    private static final int PLAIN_REQUESTS = 2_000;
    /** Each on a new connection, so each pays a handshake and the proxy's 100-300 ms: about 8 s on 8 threads. */
    private static final int TLS_REQUESTS = 320;

    private DriverWarmup() {}

    /** Sends the requests to a server that limits nothing; returns how many were answered 200. */
    static int run(SSLContext serverTls, SSLContext clientTls) throws Exception {
        int answered = 0;
        try (ExactServer plain = new ExactServer(List.of(), null)) {
            answered += spread(PLAIN_REQUESTS, SocketFactory.getDefault(), plain.port());
        }
        try (ExactServer tls = new ExactServer(List.of(), serverTls);
                DelayingProxy proxy = new DelayingProxy(tls.port())) {
            answered += spread(TLS_REQUESTS, clientTls.getSocketFactory(), proxy.port());
        }
        return answered;
    }

    private static int spread(int requests, SocketFactory sockets, int port) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Integer>> parts = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int share = requests / THREADS;
                parts.add(pool.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < share; i++) {
                        ok += get(sockets, port) ? 1 : 0;
                    }
                    return ok;
                }));
            }
            int ok = 0;
            for (Future<Integer> part : parts) {
                ok += part.get();
            }
            return ok;
        } finally {
            pool.shutdownNow();
        }
    }

    /** One request on its own connection; true when the status line says 200. */
    private static boolean get(SocketFactory sockets, int port) throws IOException {
        try (Socket socket = sockets.createSocket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /warmup HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            return answer.startsWith("HTTP/1.1 200");
        }
    }
}
