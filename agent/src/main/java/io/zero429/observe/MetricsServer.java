package io.zero429.observe;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code GET /metrics} ({@link PrometheusText}) over plain HTTP/1.1, one connection at a time, on one daemon
 * thread. Its own few lines rather than the JDK's {@code com.sun.net.httpserver}: the agent lives on the bootstrap
 * class path, which cannot see that module (it belongs to the platform class loader). Bound to 127.0.0.1 unless
 * told otherwise: the figures are the operator's, not the network's.
 */
public final class MetricsServer {
    private static final Logger LOG = LoggerFactory.getLogger("io.zero429");
    /** A scraper sends a request line and a few headers; anything longer is not one. */
    private static final int MAX_REQUEST_CHARS = 8192;
    private static final int READ_TIMEOUT_MILLIS = 5000;

    private final ServerSocket socket;
    private final Supplier<Statistics> statistics;

    private MetricsServer(ServerSocket socket, Supplier<Statistics> statistics) {
        this.socket = socket;
        this.statistics = statistics;
    }

    /** Starts serving; {@code port} 0 picks a free port (see {@link #port()}). */
    public static MetricsServer start(String host, int port, Supplier<Statistics> statistics) throws IOException {
        ServerSocket socket = new ServerSocket(port, 16, InetAddress.getByName(host));
        MetricsServer server = new MetricsServer(socket, statistics);
        Thread thread = new Thread(server::serve, "zero429-metrics");
        thread.setDaemon(true);
        thread.start();
        return server;
    }

    public int port() {
        return socket.getLocalPort();
    }

    public void stop() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is all that was asked
        }
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket connection = socket.accept()) {
                connection.setSoTimeout(READ_TIMEOUT_MILLIS);
                answer(connection);
            } catch (SocketException closed) {
                if (socket.isClosed()) {
                    return;
                }
            } catch (IOException | RuntimeException e) {
                LOG.debug("metrics request failed: {}", e.toString());
            }
        }
    }

    private void answer(Socket connection) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(connection.getInputStream(),
                StandardCharsets.ISO_8859_1));
        String requestLine = in.readLine();
        int read = requestLine == null ? 0 : requestLine.length();
        for (String header = in.readLine(); header != null && !header.isEmpty(); header = in.readLine()) {
            read += header.length();
            if (read > MAX_REQUEST_CHARS) {
                respond(connection, "431 Request Header Fields Too Large", "text/plain", "", false);
                return;
            }
        }
        String[] parts = requestLine == null ? new String[0] : requestLine.split(" ");
        if (parts.length != 3) {
            respond(connection, "400 Bad Request", "text/plain", "", false);
            return;
        }
        boolean head = parts[0].equals("HEAD");
        String path = parts[1].indexOf('?') < 0 ? parts[1] : parts[1].substring(0, parts[1].indexOf('?'));
        if (!head && !parts[0].equals("GET")) {
            respond(connection, "405 Method Not Allowed", "text/plain", "GET /metrics\n", false);
        } else if (!path.equals("/metrics")) {
            respond(connection, "404 Not Found", "text/plain", "GET /metrics\n", head);
        } else {
            respond(connection, "200 OK", PrometheusText.CONTENT_TYPE, PrometheusText.render(statistics.get()), head);
        }
    }

    private static void respond(Socket connection, String status, String contentType, String body, boolean head)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String headers = "HTTP/1.1 " + status + "\r\nContent-Type: " + contentType + "\r\nContent-Length: "
                + bytes.length + "\r\nConnection: close\r\n\r\n";
        OutputStream out = connection.getOutputStream();
        out.write(headers.getBytes(StandardCharsets.ISO_8859_1));
        if (!head) {
            out.write(bytes);
        }
        out.flush();
    }
}
