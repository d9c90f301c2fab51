package io.zero429.bench.overhead;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP/1.1 server on 127.0.0.1 that answers every request at once with {@code 200 ok}, keeping connections
 * alive. Hand-written on blocking sockets (one thread per connection) so that what the benchmarks measure is the
 * client and the agent, not a server framework's own dispatching.
 */
final class LoopbackServer implements AutoCloseable {
    private static final byte[] RESPONSE = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok")
            .getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket socket;
    private final AtomicLong served = new AtomicLong();

    private LoopbackServer(ServerSocket socket) {
        this.socket = socket;
    }

    static LoopbackServer start() throws IOException {
        LoopbackServer server = new LoopbackServer(new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1")));
        daemon("loopback-accept", server::acceptLoop).start();
        return server;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort() + path);
    }

    /** Requests answered so far. */
    long served() {
        return served.get();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket connection = socket.accept();
                daemon("loopback-connection", () -> serve(connection)).start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket connection) {
        try (connection) {
            connection.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(connection.getInputStream());
            OutputStream out = connection.getOutputStream();
            while (skipRequest(in)) {
                out.write(RESPONSE);
                out.flush();
                served.incrementAndGet();
            }
        } catch (IOException peerGone) {
            // The client closed the connection: nothing to answer any more.
        }
    }

    /** Reads one request (head, and a body if it has a Content-Length); false at the end of the stream. */
    private static boolean skipRequest(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        long bodyLength = 0;
        boolean any = false;
        for (int b = in.read(); b >= 0; b = in.read()) {
            any = true;
            if (b == '\n') {
                if (line.length() == 0) {
                    in.skipNBytes(bodyLength);
                    return true;
                }
                String header = line.toString().toLowerCase(Locale.ROOT);
                if (header.startsWith("content-length:")) {
                    bodyLength = Long.parseLong(header.substring("content-length:".length()).trim());
                }
                line.setLength(0);
            } else if (b != '\r') {
                line.append((char) b);
            }
        }
        if (any) {
            throw new IOException("connection closed in the middle of a request");
        }
        return false;
    }

    private static Thread daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
