package io.zero429.store;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} for tests, on a free loopback port, without persistence: started, killed, restarted on
 * the same port, stopped and resumed (SIGSTOP/SIGCONT), as an outage does it. {@code .ci/run} installs the Debian
 * package; a machine without it fails these tests (no mock Redis).
 */
public final class RedisServer implements AutoCloseable {
    private final int port;
    private final List<String> extra;
    private Process process;

    public RedisServer(String... extraArgs) throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        extra = Arrays.asList(extraArgs);
        start();
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public void start() throws IOException {
        List<String> command = new ArrayList<>(List.of(binary(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning"));
        command.addAll(extra);
        Path log = Files.createTempFile("redis-", ".log");
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IOException("redis-server did not start: " + Files.readString(log));
                }
                sleep(20);
            }
        }
        throw new IOException("redis-server did not listen on " + port + " within 10 s");
    }

    /** Kills it at once (SIGKILL): connections reset, nothing kept. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Stalls it (SIGSTOP): connections stay open, nothing answers. */
    public void stall() throws IOException, InterruptedException {
        signal("-STOP");
    }

    public void resume() throws IOException, InterruptedException {
        signal("-CONT");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start().waitFor();
    }

    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            resume();
            kill();
        }
    }

    static String binary() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File candidate = new File(dir, "redis-server");
            if (candidate.canExecute()) {
                return candidate.getPath();
            }
        }
        File debian = new File("/usr/bin/redis-server");
        if (debian.canExecute()) {
            return debian.getPath();
        }
        throw new IllegalStateException("redis-server is not installed (Debian: apt-get install redis-server; "
                + ".ci/run installs it)");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
