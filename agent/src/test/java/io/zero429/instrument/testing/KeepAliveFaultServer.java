package io.zero429.instrument.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain HTTP/1.1 keep-alive server on 127.0.0.1 that does what real servers and load balancers do to pooled
 * connections (issue 11): it closes a connection that stayed idle too long after a response (nginx's
 * {@code keepalive_timeout}, a cloud load balancer's idle timeout: a FIN the client may not notice before it reuses
 * the connection), and it may reset a reused connection instead of answering the request that arrived on it (a
 * backend restart, a load balancer dropping a connection: an RST). Every request it answers gets {@code 200 ok},
 * without a {@code Keep-Alive} header, as nginx sends by default.
 *
 * <p>One thread per connection: a test's handful of connections, nothing more.
 */
public final class KeepAliveFaultServer implements AutoCloseable {
    private static final byte[] OK = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok")
            .getBytes(StandardCharsets.US_ASCII);
    /** How long a new connection may take to send its first request. */
    private static final int FIRST_REQUEST_TIMEOUT_MILLIS = 10_000;

    private final int idleCloseMillis;
    private final int resetEveryReused;
    private final ServerSocket socket;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger answered = new AtomicInteger();
    private final AtomicInteger idleClosed = new AtomicInteger();
    private final AtomicInteger reused = new AtomicInteger();
    private final AtomicInteger resets = new AtomicInteger();

    private KeepAliveFaultServer(int idleCloseMillis, int resetEveryReused) throws IOException {
        this.idleCloseMillis = idleCloseMillis;
        this.resetEveryReused = resetEveryReused;
        socket = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptUntilClosed, "keep-alive-fault-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Closes (FIN) every connection that stays idle {@code millis} after a response. */
    public static KeepAliveFaultServer closingIdleAfter(int millis) throws IOException {
        return new KeepAliveFaultServer(millis, 0);
    }

    /**
     * Resets (RST, without an answer) the connection of every {@code n}-th request that arrives on a reused
     * connection; never closes an idle one.
     */
    public static KeepAliveFaultServer resettingEveryReused(int n) throws IOException {
        return new KeepAliveFaultServer(0, n);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + socket.getLocalPort() + path;
    }

    private void acceptUntilClosed() {
        while (!socket.isClosed()) {
            try {
                Socket connection = socket.accept();
                connections.incrementAndGet();
                open.add(connection);
                Thread serving = new Thread(() -> serve(connection), "keep-alive-fault-connection");
                serving.setDaemon(true);
                serving.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket connection) {
        try (Socket closing = connection) {
            InputStream in = connection.getInputStream();
            OutputStream out = connection.getOutputStream();
            connection.setSoTimeout(FIRST_REQUEST_TIMEOUT_MILLIS);
            for (int served = 0; ; served++) {
                try {
                    if (!readRequestHead(in)) {
                        return; // the client closed it
                    }
                } catch (SocketTimeoutException idle) {
                    if (served > 0) {
                        idleClosed.incrementAndGet();
                    }
                    return; // closed with a FIN
                }
                if (served > 0 && resetEveryReused > 0 && reused.incrementAndGet() % resetEveryReused == 0) {
                    resets.incrementAndGet();
                    connection.setSoLinger(true, 0); // close() now sends an RST
                    return;
                }
                // Counted before it is written: a test asserting right after the client got the answer sees it.
                answered.incrementAndGet();
                out.write(OK);
                out.flush();
                connection.setSoTimeout(idleCloseMillis); // 0: wait for the next request for ever
            }
        } catch (IOException gone) {
            // the client reset it, or the server is closing
        } finally {
            open.remove(connection);
        }
    }

    /** Reads a request's head up to its blank line; false at a clean end of stream before any byte. GET only. */
    private static boolean readRequestHead(InputStream in) throws IOException {
        int matched = 0;
        boolean any = false;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                if (any) {
                    throw new IOException("request head cut short");
                }
                return false;
            }
            any = true;
            matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : b == '\r' ? 1 : 0;
        }
        return true;
    }

    /** Connections accepted. */
    public int connections() {
        return connections.get();
    }

    /** Requests answered (200). */
    public int answered() {
        return answered.get();
    }

    /** Connections closed because they stayed idle after a response. */
    public int idleClosed() {
        return idleClosed.get();
    }

    /** Connections reset instead of answering a request. */
    public int resets() {
        return resets.get();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket connection : open) {
            connection.close();
        }
    }
}
