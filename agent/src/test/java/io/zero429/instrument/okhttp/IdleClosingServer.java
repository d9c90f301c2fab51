package io.zero429.instrument.okhttp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.1 server on 127.0.0.1 that keeps a connection alive between requests only for {@code idleMillis}, then
 * closes it, as real servers and load balancers do (5-75 s there): a client that reuses the connection later writes
 * its request to a closed socket, which the server never reads. Answers every request it reads with 200.
 */
final class IdleClosingServer implements AutoCloseable {
    private final ServerSocket socket;
    private final int idleMillis;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();

    IdleClosingServer(int idleMillis) throws IOException {
        this.idleMillis = idleMillis;
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptUntilClosed, "idle-closing-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void acceptUntilClosed() {
        while (!socket.isClosed()) {
            try {
                Socket connection = socket.accept();
                connections.incrementAndGet();
                Thread serving = new Thread(() -> serve(connection), "idle-closing-connection");
                serving.setDaemon(true);
                serving.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket connection) {
        try (connection) {
            connection.setSoTimeout(idleMillis);
            InputStream in = connection.getInputStream();
            OutputStream out = connection.getOutputStream();
            while (readHead(in)) {
                requests.incrementAndGet();
                out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (SocketTimeoutException idle) {
            // Idle too long: closed by the try, as the real servers do.
        } catch (IOException e) {
            // The client went away.
        }
    }

    /** Reads a request head (these tests send no body); false at the end of the stream. */
    private static boolean readHead(InputStream in) throws IOException {
        int last4 = 0;
        int b;
        while ((b = in.read()) >= 0) {
            last4 = last4 << 8 | b;
            if (last4 == ('\r' << 24 | '\n' << 16 | '\r' << 8 | '\n')) {
                return true;
            }
        }
        return false;
    }

    int port() {
        return socket.getLocalPort();
    }

    int connections() {
        return connections.get();
    }

    /** Requests read and answered: a request written to a connection after the server closed it is not among them. */
    int requests() {
        return requests.get();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
