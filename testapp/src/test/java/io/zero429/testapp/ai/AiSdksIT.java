package io.zero429.testapp.ai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zero429.testapp.demo.DemoHosts;
import io.zero429.testapp.exchange.GroupSnapshot;
import io.zero429.testapp.exchange.MockExchange;
import io.zero429.testapp.exchange.TimeScale;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official AI SDKs, unmodified and with their default retries, in a forked JVM ({@link AiBot}, on the test class
 * path) against the mock
 * exchange's OpenAI, Anthropic and Gemini, which enforce their limits exactly: with the agent and rules stating those
 * limits, no request is refused at the server (an SDK's retry is a request too); without it, the same bot is refused.
 * Minutes last 2 s (time scale 30) so that a run takes seconds.
 */
class AiSdksIT {
    private static final Path AGENT = Paths.get(System.getProperty("zero429.agent.jar"));
    /** The test class path (the SDKs are test dependencies: never in the testapp jar). */
    private static final String CLASS_PATH = System.getProperty("zero429.test.classpath");
    private static final TimeScale SCALE = new TimeScale(30);

    private static MockExchange exchange;
    private static Path work;
    private static Path hosts;

    @BeforeAll
    static void start() throws Exception {
        assertTrue(Files.isRegularFile(AGENT), "built agent jar " + AGENT);
        exchange = new MockExchange(0, SCALE);
        work = Files.createDirectories(Paths.get("target", "ai-sdks"));
        hosts = DemoHosts.write(work);
    }

    @AfterAll
    static void stop() {
        exchange.close();
    }

    /** A minute of the exchange, as a rules-file window (2000ms). */
    private static String minute() {
        return SCALE.scaleRuleWindow(TimeUnit.MINUTES.toNanos(1));
    }

    @Test
    void openAiSdkIsNeverRefusedWithTheAgentAndIsWithout() throws Exception {
        // The shipped preset, its placeholder limit replaced by the exchange's 60 per (scaled) minute.
        compare("openai", "openai chat", 150, 8, "preset = openai", "limiter.openai.limits = 60/" + minute());
    }

    @Test
    void anthropicSdkIsNeverRefusedWithTheAgentAndIsWithout() throws Exception {
        compare("anthropic", "anthropic messages", 120, 8,
                "limiter.anthropic.limits = 50/" + minute() + " burst 50",
                "limiter.anthropic.signals = 429, retry-after, anthropic",
                "rule.anthropic.match = POST api.anthropic.com/v1/messages",
                "rule.anthropic.limiter = anthropic");
    }

    @Test
    void googleGenAiSdkIsNeverRefusedWithTheAgentAndIsWithout() throws Exception {
        compare("gemini", "gemini generate", 12, 4, "preset = gemini-free",
                "limiter.gemini-free-pro.limits = 5/" + minute() + ", 100/"
                        + SCALE.scaleRuleWindow(TimeUnit.DAYS.toNanos(1)));
    }

    /**
     * Gemini's per-day quota, spent (the rules state the per-minute limit only: the day's quota went elsewhere): the
     * requests in flight when it ran out are refused at the server with RESOURCE_EXHAUSTED and a per-day quota id,
     * which the Google SDK's retry interceptor closes unread and retries. The agent reads that body as it is closed
     * and pauses the limiter until the quota's reset (midnight Pacific): every retry and every later call fails in the
     * application at once, nothing more reaches the server. Here minutes last 83 ms and days 2 minutes (scale 720).
     */
    @Test
    void aSpentGeminiDayQuotaStopsTheGoogleSdksCallsUntilTheReset() throws Exception {
        TimeScale scale = new TimeScale(720);
        try (MockExchange dayExchange = new MockExchange(0, scale)) {
            // The exchange's minute is 83.3 ms: the rules' 84 ms is never shorter.
            Path rules = Files.writeString(work.resolve("gemini-day.properties"),
                    "preset = gemini-free\nlimiter.gemini-free-pro.limits = 5/84ms\n");
            int inFlight = 3;
            String with = bot("gemini-day", rules, "gemini", dayExchange.port(), 100 + inFlight, inFlight);
            GroupSnapshot gemini = dayExchange.exchange().snapshot().stream()
                    .filter(g -> g.name().equals("gemini generate")).findFirst().orElseThrow();
            System.out.println("[AiSdksIT] gemini day quota: " + with + "; server: " + describe(gemini));
            assertEquals(100, gemini.ok(), "the day's quota");
            assertTrue(gemini.limited() <= inFlight, "only the requests in flight when it ran out are refused at the "
                    + "server, not the SDK's retries: " + describe(gemini));
            assertTrue(with.contains("failed={") && with.contains("Zero429WaitTimeoutException>=" + inFlight)
                    && !with.contains("CircuitOpen"), "each call after the quota failed on the agent's pause: " + with);
        }
    }

    /** The bot without the agent, then with it and {@code rules}: what the exchange counted each time. */
    private static void compare(String api, String group, int requests, int threads, String... rules)
            throws Exception {
        exchange.exchange().reset();
        String without = bot(api + "-without", null, api, exchange.port(), requests, threads);
        GroupSnapshot unthrottled = group(group);
        exchange.exchange().reset();
        Path rulesFile = Files.writeString(work.resolve(api + ".properties"), String.join("\n", rules) + "\n");
        String with = bot(api + "-with", rulesFile, api, exchange.port(), requests, threads);
        GroupSnapshot throttled = group(group);
        System.out.println("[AiSdksIT] " + api + " without the agent: " + without + "; server: " + describe(unthrottled)
                + " | with: " + with + "; server: " + describe(throttled));
        assertTrue(unthrottled.limited() > 0, "the control run must be refused, or the test proves nothing: "
                + describe(unthrottled));
        assertEquals(0, throttled.limited(), "refused at the server with the agent: " + describe(throttled));
        assertEquals(requests, throttled.ok(), "every request answered once: " + with);
        assertTrue(with.contains("ok=" + requests + " failed={}"), with);
    }

    private static GroupSnapshot group(String name) {
        return exchange.exchange().snapshot().stream().filter(g -> g.name().equals(name)).findFirst().orElseThrow();
    }

    private static String describe(GroupSnapshot g) {
        return "requests " + g.requests() + ", ok " + g.ok() + ", limited " + g.limited();
    }

    /** Runs {@link AiBot} in a fresh JVM (with the agent if {@code rules} is given); returns its summary line. */
    static String bot(String label, Path rules, String api, int port, int requests, int threads) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Djdk.net.hosts.file=" + hosts.toAbsolutePath());
        if (rules != null) {
            command.add("-javaagent:" + AGENT.toAbsolutePath() + "=rules=" + rules.toAbsolutePath());
        }
        command.addAll(List.of("-cp", CLASS_PATH, AiBot.class.getName(), "--port",
                String.valueOf(port), "--api", api, "--requests", String.valueOf(requests), "--threads",
                String.valueOf(threads)));
        Path log = work.resolve(label + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IOException("the AI bot did not stop; see " + log);
        }
        String output = Files.readString(log);
        if (process.exitValue() != 0) {
            throw new IOException("the AI bot failed with exit code " + process.exitValue() + ":\n" + output);
        }
        return output.lines().filter(l -> l.startsWith("AI " + api + ": ")).findFirst()
                .orElseThrow(() -> new IOException("no summary line:\n" + output));
    }
}
