package io.zero429.bench.soak;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The mock exchange in a JVM of its own ({@code io.zero429.testapp.exchange.MockExchange} from the testapp jar), so
 * neither its heap nor its threads mix with the bot's, and the benchmarks jar needs no WireMock. Its statistics are
 * read over HTTP, as anyone would read them.
 */
final class ExchangeProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("mock exchange on 127\\.0\\.0\\.1:(\\d+)");
    private static final long START_TIMEOUT_SECONDS = 60;

    private final Process process;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ExchangeProcess(Path java, Path testappJar, long timeScale, Path log) throws IOException, InterruptedException {
        process = new ProcessBuilder(java.toString(), "-cp", testappJar.toString(),
                "io.zero429.testapp.exchange.MockExchange", "--port", "0", "--time-scale", String.valueOf(timeScale))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        port = awaitPort(log);
    }

    private int awaitPort(Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
            Matcher listening = LISTENING.matcher(Files.readString(log, StandardCharsets.UTF_8));
            if (listening.find()) {
                return Integer.parseInt(listening.group(1));
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(200);
        }
        process.destroyForcibly();
        throw new IOException("the mock exchange did not start; see " + log + ":\n"
                + Files.readString(log, StandardCharsets.UTF_8));
    }

    int port() {
        return port;
    }

    /** What the exchange has counted since it started. */
    List<GroupFigures> stats() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/__zero429/stats")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("stats answered HTTP " + response.statusCode() + ": " + response.body());
        }
        return GroupFigures.parse(response.body());
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
