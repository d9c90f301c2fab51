package io.zero429.instrument.coldstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zero429.instrument.testing.LimitedServer;
import io.zero429.instrument.testing.OkHttpVersion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The first requests of a cold JVM, per client family: a fresh JVM with the real agent jar and a rules file that
 * states the server's limit plainly (10/s burst 10), eight threads (or the asynchronous API) sending 30 requests
 * through a client built with its defaults, against a server that enforces the limit exactly. The opening requests
 * pay class loading, the client's start-up and new connections between the agent's release and the server; the
 * server must still see no request early.
 */
class ColdStartIT {
    private static final int REQUESTS = 30;
    private static final int THREADS = 8;
    /** Runs per family: {@code -Dzero429.it.cold.runs=5} to check a family five times in a row. */
    private static final int RUNS = Integer.getInteger("zero429.it.cold.runs", 1);
    /**
     * The families this run covers ({@code -Dzero429.it.cold.families=a,b}; all by default): the OkHttp 3.x and 5.x
     * executions (agent/pom.xml) run the OkHttp ones with that OkHttp on the class path the bot inherits.
     */
    private static final String FAMILIES = System.getProperty("zero429.it.cold.families", "");
    /** Set by the Jetty 9.4/11 executions: the family {@code jetty9} runs there only. */
    private static final String JETTY9_EXPECTED = "zero429.it.jetty9.version";

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "jdk-async", "urlconnection", "okhttp", "okhttp-enqueue", "apache4", "apache5",
            "apache5-async", "reactor", "jetty", "vertx", "jetty9"})
    void theFirst30RequestsOfAColdJvmAreNeverEarlyAtTheServer(String family) throws Exception {
        assumeTrue(FAMILIES.isEmpty() || Arrays.asList(FAMILIES.split(",")).contains(family),
                family + " is not among " + FAMILIES + " in this run");
        assumeTrue(!family.equals("jetty9") || System.getProperty(JETTY9_EXPECTED) != null,
                "jetty9 runs in the jetty9 and jetty11 executions, with that Jetty on the class path");
        String okHttp = System.getProperty(OkHttpVersion.EXPECTED);
        if (okHttp != null) {
            assertEquals(okHttp, OkHttpVersion.onTheClassPath(), "the OkHttp the bot inherits");
        }
        if (family.equals("jetty9")) {
            assertEquals(System.getProperty(JETTY9_EXPECTED), Class.forName("org.eclipse.jetty.util.Jetty")
                    .getField("VERSION").get(null), "the Jetty the bot inherits");
        }
        for (int run = 1; run <= RUNS; run++) {
            try (LimitedServer server = new LimitedServer(10, 10)) {
                String output = runBot(family, server.url("/limited/cold/x"));
                assertTrue(output.contains("statuses {200=" + REQUESTS + "}"), family + " run " + run
                        + ": the bot saw " + output + "; server accepted " + server.accepted() + ", refused "
                        + server.rejected());
                assertEquals(0, server.rejected(), family + " run " + run + ": requests the server saw early");
                assertEquals(REQUESTS, server.accepted(), family + " run " + run);
            }
        }
    }

    private String runBot(String family, String url) throws Exception {
        Path rules = dir.resolve("cold-" + family + ".properties");
        Files.writeString(rules, String.join("\n",
                "limiter.upbit.limits = 10/s burst 10",
                "rule.upbit.match = 127.0.0.1/limited/cold/**",
                "rule.upbit.limiter = upbit", ""));
        Path out = dir.resolve("out-" + family + ".txt");
        List<String> command = List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:off", "-javaagent:" + System.getProperty("zero429.agent.jar") + "=rules=" + rules,
                "-cp", System.getProperty("java.class.path"), ColdStartBot.class.getName(), family, url,
                String.valueOf(REQUESTS), String.valueOf(THREADS));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), family + ": the bot did not finish");
        return Files.readString(out, StandardCharsets.UTF_8);
    }
}
