package io.zero429.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zero429.instrument.coldstart.ColdStartBot;
import io.zero429.instrument.testing.LimitedServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code store = file:PATH}: four JVMs with the real agent, started at the same instant, each demanding the whole
 * budget (50 requests from 4 threads of the JDK client), against one server that enforces 10/s burst 10 exactly.
 * Sharing one schedule through the file, together they get no rejection and at least 95% of the rate after the
 * opening burst (whose answers every JVM waits for once, a cold start's one-time cost); the same four
 * without the store (each with the budget to itself) are rejected.
 */
class SharedFileStoreIT {
    private static final int PROCESSES = 4;
    private static final int REQUESTS = 50;

    @TempDir
    Path dir;

    @Test
    void fourJvmsOnOneFileStoreKeepToOneBudget() throws Exception {
        try (LimitedServer server = new LimitedServer(10, 10)) {
            List<String> outputs = run(server, "limiter.upbit.store = file:" + dir.resolve("schedules.zero429") + "\n");
            assertEquals(0, server.rejected(), "requests the server saw early, at (ms) " + server.rejectedAtMillis()
                    + "; the bots said " + outputs);
            for (String output : outputs) {
                assertTrue(output.contains("statuses {200=" + REQUESTS + "}"), output);
            }
            assertEquals(PROCESSES * REQUESTS, server.accepted());
            // After the opening burst and its one-time wait for every JVM's opening answers (cold start, once).
            double rate = server.steadyRate(10);
            System.out.printf("SHARED file store: 4 JVMs, %d accepted, 0 rejected, %.2f/s after the opening burst%n",
                    server.accepted(), rate);
            assertTrue(rate >= 9.5 && rate <= 10.0, "together at " + rate + "/s of 10/s");
        }
    }

    @Test
    void withoutTheStoreEachJvmSpendsTheWholeBudget() throws Exception {
        try (LimitedServer server = new LimitedServer(10, 10)) {
            run(server, "");
            System.out.printf("SHARED no store: 4 JVMs, %d accepted, %d rejected%n", server.accepted(),
                    server.rejected());
            assertTrue(server.rejected() > 0, "four budgets against one: " + server.rejected() + " rejected");
        }
    }

    private List<String> run(LimitedServer server, String store) throws Exception {
        Path rules = dir.resolve("rules-" + System.nanoTime() + ".properties");
        Files.writeString(rules, "limiter.upbit.limits = 10/s burst 10\n" + store
                + "rule.upbit.match = 127.0.0.1/limited/shared/**\nrule.upbit.limiter = upbit\n");
        List<Process> processes = new ArrayList<>();
        List<Path> outs = new ArrayList<>();
        for (int p = 0; p < PROCESSES; p++) {
            Path out = dir.resolve("out-" + p + "-" + System.nanoTime() + ".txt");
            outs.add(out);
            processes.add(new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xshare:off", "-javaagent:" + System.getProperty("zero429.agent.jar") + "=rules=" + rules,
                    "-cp", System.getProperty("java.class.path"), ColdStartBot.class.getName(), "jdk",
                    server.url("/limited/shared/x"), String.valueOf(REQUESTS), "4")
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start());
        }
        List<String> outputs = new ArrayList<>();
        for (int p = 0; p < PROCESSES; p++) {
            assertTrue(processes.get(p).waitFor(2, TimeUnit.MINUTES), "a bot did not finish");
            outputs.add(Files.readString(outs.get(p), StandardCharsets.UTF_8));
        }
        return outputs;
    }
}
