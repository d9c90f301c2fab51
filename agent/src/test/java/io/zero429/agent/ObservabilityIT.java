package io.zero429.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Everything an operator reads, from one application run with the real agent jar: the Prometheus endpoint scraped
 * by the application itself, a JMX attribute read inside it, the summary line, the JFR recording and the stats
 * file written at exit. One forked JVM for all of it, to keep the suite cheap.
 */
class ObservabilityIT {
    @TempDir
    Path dir;

    /**
     * Serves itself on 127.0.0.1, sends four GETs to /api/ok and one to /api/limited (answered 429), then prints
     * a JMX attribute and the scraped metrics.
     */
    private Path app() throws Exception {
        Path source = dir.resolve("ObservedApp.java");
        Files.writeString(source, String.join("\n",
                "import com.sun.net.httpserver.HttpServer;",
                "import java.lang.management.ManagementFactory;",
                "import java.net.InetSocketAddress;",
                "import java.net.URI;",
                "import java.net.http.*;",
                "import javax.management.ObjectName;",
                "public class ObservedApp {",
                "  public static void main(String[] a) throws Exception {",
                "    HttpServer server = HttpServer.create(new InetSocketAddress(\"127.0.0.1\", 0), 0);",
                "    server.createContext(\"/\", e -> {",
                "      e.sendResponseHeaders(e.getRequestURI().getPath().endsWith(\"limited\") ? 429 : 200, -1);",
                "      e.close(); });",
                "    server.start();",
                "    try {",
                "    HttpClient client = HttpClient.newHttpClient();",
                "    String base = \"http://127.0.0.1:\" + server.getAddress().getPort() + \"/api/\";",
                "    for (int i = 0; i < 5; i++) {",
                "      URI uri = URI.create(base + (i == 4 ? \"limited?secret=query\" : \"ok\"));",
                "      client.send(HttpRequest.newBuilder(uri).header(\"Authorization\", \"Bearer secret-header\")",
                "          .build(), HttpResponse.BodyHandlers.discarding());",
                "    }",
                "    System.out.println(\"jmx Requests \" + ManagementFactory.getPlatformMBeanServer().getAttribute(",
                "        new ObjectName(\"io.zero429:type=Limiter,name=obs\"), \"Requests\"));",
                "    HttpResponse<String> metrics = client.send(HttpRequest.newBuilder(URI.create(",
                "        \"http://127.0.0.1:\" + a[0] + \"/metrics\")).build(), HttpResponse.BodyHandlers.ofString());",
                "    System.out.println(\"metrics status \" + metrics.statusCode());",
                "    System.out.print(metrics.body());",
                "    } finally {",
                "      server.stop(0);",
                "    }",
                "  }",
                "}"));
        return source;
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void metricsJmxSummaryJfrAndStatsFileFromOneRun() throws Exception {
        Path rules = dir.resolve("rules.properties");
        Files.writeString(rules, "limiter.obs.limits = 5/s burst 1\nrule.obs.match = 127.0.0.1/api/**\n"
                + "rule.obs.limiter = obs\n", StandardCharsets.UTF_8);
        Path stats = dir.resolve("stats.json");
        Path recording = dir.resolve("run.jfr");
        int port = freePort();
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:off", "-XX:StartFlightRecording=filename=" + recording,
                "-Dzero429.metrics.port=" + port, "-Dzero429.stats.file=" + stats,
                "-Dzero429.summary.interval=200ms",
                "-javaagent:" + System.getProperty("zero429.agent.jar") + "=rules=" + rules,
                app().toString(), String.valueOf(port))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            assertTrue(p.waitFor(90, TimeUnit.SECONDS), "the agent's threads never keep the JVM alive");
        } finally {
            p.destroyForcibly();
        }
        String stdout = Files.readString(out);
        String stderr = Files.readString(err);
        assertEquals(0, p.exitValue(), stderr);

        assertTrue(stdout.contains("jmx Requests 5"), stdout);
        assertTrue(stdout.contains("metrics status 200"), stdout);
        assertTrue(stdout.contains("zero429_requests_total{limiter=\"obs\"} 5\n"), stdout);
        assertTrue(stdout.contains("zero429_limited_responses_total{limiter=\"obs\"} 1\n"), stdout);
        assertTrue(stdout.contains("zero429_signals_total{limiter=\"obs\",kind=\"429\"} 1\n"), stdout);
        assertTrue(stdout.contains("zero429_wait_seconds_count{limiter=\"obs\"} 5\n"), stdout);
        assertTrue(stdout.contains("zero429_rule_requests_total{rule=\"obs\"} 5\n"), stdout);
        assertTrue(!stdout.contains("secret") && !stderr.contains("secret"), "no header value or query is shown");
        assertTrue(stderr.contains("[zero429] INFO metrics on http://127.0.0.1:" + port + "/metrics"), stderr);
        assertTrue(stderr.contains("[zero429] INFO last 200ms: limiter 'obs': "), stderr);

        String json = Files.readString(stats);
        assertTrue(json.contains("{\"name\": \"obs\", \"requests\": 5, \"delayed\": "), json);

        List<RecordedEvent> events = RecordingFile.readAllEvents(recording);
        List<RecordedEvent> delays = events.stream().filter(e -> e.getEventType().getName().equals("io.zero429.Delay"))
                .collect(Collectors.toList());
        assertTrue(delays.size() >= 3, "5/s with a burst of 1: the requests after the first wait; " + delays);
        assertEquals("obs", delays.get(0).getString("limiters"));
        assertEquals(1, events.stream().filter(e -> e.getEventType().getName().equals("io.zero429.Signal")).count());
        assertTrue(!Files.readString(stats).contains("secret"));
    }
}
