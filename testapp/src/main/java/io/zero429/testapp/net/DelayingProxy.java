package io.zero429.testapp.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP proxy on 127.0.0.1 that puts a remote server's distance between a client and a local one: the first bytes
 * of every new connection (a TLS ClientHello, or a plain request) reach the server 100-300 ms after the client sent
 * them (a handshake to a host far away), and every later chunk the client sends a random 0-10 ms late (jitter), in
 * order. Bytes from the server pass at once. It carries TLS untouched (the client talks TLS to the server through
 * it), so HTTPS pays the delay on its handshake, as it would over a real network.
 *
 * <p>One thread per direction of each connection: a test tool for tens of connections, not a production proxy.
 */
public final class DelayingProxy implements AutoCloseable {
    /** The first bytes of a new connection wait this long at least, and at most {@link #FIRST_BYTES_MAX_NANOS}. */
    public static final long FIRST_BYTES_MIN_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    public static final long FIRST_BYTES_MAX_NANOS = TimeUnit.MILLISECONDS.toNanos(300);
    /** Every later chunk waits up to this long. */
    public static final long JITTER_MAX_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private volatile boolean closed;

    /** Listens on a free loopback port and forwards to {@code targetPort} on 127.0.0.1. */
    public DelayingProxy(int targetPort) throws IOException {
        this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
        this.listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "delaying-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket();
                server.setTcpNoDelay(true); // the proxy adds its own delays, not Nagle's
                server.connect(target);
                client.setTcpNoDelay(true);
                start("delaying-proxy-up", new Delayed(client, server));
                start("delaying-proxy-down", () -> pipe(server, client));
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("delaying proxy: " + e);
                }
            }
        }
    }

    private static void start(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Server to client: at once. */
    private static void pipe(Socket from, Socket to) {
        byte[] buffer = new byte[16384];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException endOfConnection) {
            // either side closed or reset: close both
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    /** Client to server: each chunk read is delivered at its due time by a second thread, in order. */
    private static final class Delayed implements Runnable {
        private static final byte[] END = new byte[0];
        private final Socket client;
        private final Socket server;
        private final BlockingQueue<Object[]> due = new LinkedBlockingQueue<>();

        Delayed(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        @Override
        public void run() {
            start("delaying-proxy-deliver", this::deliver);
            byte[] buffer = new byte[16384];
            long last = 0;
            boolean first = true;
            try (InputStream in = client.getInputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    long delay = first ? random.nextLong(FIRST_BYTES_MIN_NANOS, FIRST_BYTES_MAX_NANOS + 1)
                            : random.nextLong(JITTER_MAX_NANOS + 1);
                    first = false;
                    last = Math.max(last, System.nanoTime() + delay); // never reorder the stream
                    due.add(new Object[] {last, Arrays.copyOf(buffer, n)});
                }
            } catch (IOException endOfConnection) {
                // delivered below as the end
            }
            due.add(new Object[] {last, END});
        }

        private void deliver() {
            try (OutputStream out = server.getOutputStream()) {
                while (true) {
                    Object[] chunk = due.take();
                    for (long wait; (wait = (long) chunk[0] - System.nanoTime()) > 0; ) {
                        LockSupport.parkNanos(wait);
                    }
                    byte[] bytes = (byte[]) chunk[1];
                    if (bytes == END) {
                        server.shutdownOutput();
                        return;
                    }
                    out.write(bytes);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                closeQuietly(client);
                closeQuietly(server);
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
    }
}
