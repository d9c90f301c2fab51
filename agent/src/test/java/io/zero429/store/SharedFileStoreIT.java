package io.zero429.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zero429.instrument.coldstart.ColdStartBot;
import io.zero429.instrument.testing.LimitedServer;
import io.zero429.instrument.testing.SlidingWindow;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code store = file:PATH}: four JVMs with the real agent, started at the same instant, each demanding the whole
 * budget of two limits at once (100 requests from 4 threads of the JDK client to each), against one server that
 * enforces both exactly: Upbit's bucket, 10/s burst 10, and Korea Investment's window, 20 in any second (HTTP 500
 * {@code EGW00201} over it). Sharing the schedules through the file, together they get no rejection and at least 95% of
 * each limit after the opening (whose answers every JVM waits for once, a cold start's one-time cost); the same four
 * without the store (each with the budgets to itself) are rejected.
 */
class SharedFileStoreIT {
    private static final int PROCESSES = 4;
    /**
     * Per JVM and limit: 100 window requests take a JVM 5 s alone, longer than four cold JVMs on two cores take to
     * start one after another (up to 3 s), so that all four demand together for several windows.
     */
    private static final int REQUESTS = 100;

    @TempDir
    Path dir;

    @Test
    void fourJvmsOnOneFileStoreKeepToOneBudget() throws Exception {
        try (LimitedServer server = new LimitedServer(10, 10)) {
            List<String> outputs = run(dir, server, "defaults.store = file:" + dir.resolve("schedules.zero429") + "\n");
            assertSharedBudgets(server, outputs, "file store", 9.5, 0.95);
        }
    }

    /**
     * No rejection of either limit, every request accepted, and together at least {@code bucketRate} of the bucket and
     * {@code windowShare} of the window (over whole windows, {@link SlidingWindow#wholeWindowsEfficiency}) from when
     * every JVM had its first answer until the first finished: all four under way, all four demanding.
     */
    static void assertSharedBudgets(LimitedServer server, List<String> outputs, String store, double bucketRate,
            double windowShare) {
        for (String output : outputs) {
            output.lines().filter(line -> line.contains("WARN") || line.contains("ERROR"))
                    .forEach(line -> System.out.println("SHARED " + store + " bot: " + line));
        }
        assertEquals(0, server.rejected(), "requests the server saw early, at (ms) " + server.rejectedAtMillis()
                + "; the bots said " + outputs);
        assertEquals(0, server.window().rejected(), "window requests over 20 in a second: " + server.window().rejections()
                + "the bots said " + outputs);
        for (String output : outputs) {
            assertTrue(output.contains("statuses {200=" + 2 * REQUESTS + "}"), output);
        }
        assertEquals(PROCESSES * REQUESTS, server.accepted());
        assertEquals(PROCESSES * REQUESTS, server.window().accepted());
        // Until the first JVM finished: a JVM left alone at the end is one JVM, paced on what it learned.
        long bucketDemand = firstFinished(outputs, "/limited/shared/x");
        long windowDemand = firstFinished(outputs, "/window/shared/x");
        double afterOpening = server.steadyRateUntil(10, bucketDemand);
        // From when the last JVM had its first answer (four cold JVMs on two cores start up to 2 s apart, and each
        // one's opening holds the others once) until the first finished: all four under way, all four demanding.
        double rate = server.rateBetween(lastUnderWay(outputs, "/limited/shared/x"), bucketDemand);
        double spread = server.window().efficiencyAfterFirstWindow(windowDemand);
        double whole = server.window().wholeWindowsEfficiency(windowDemand);
        // Over whole windows on the same stretch: all four under way, all four demanding.
        double underWay = server.window().wholeWindowsEfficiency(lastUnderWay(outputs, "/window/shared/x"),
                windowDemand);
        System.out.printf("SHARED " + store + ": 4 JVMs, bucket %d accepted, 0 rejected, %.2f/s while all four are "
                + "under way and demand (%.2f/s from the opening burst; %.2f/s to the end; longest gap %s); window %d "
                + "accepted, 0 rejected, %.3f of 20 in any second over whole windows while all four are under way and "
                + "demand (%.3f after the first window; %.3f over whole windows from the first; %.3f to the end), "
                + "windows from (ms) %s%n", server.accepted(), rate, afterOpening, server.steadyRate(10),
                server.longestGap(), server.window().accepted(), underWay, spread, whole,
                server.window().efficiencyAfterFirstWindow(),
                server.window().windowStartsMillis());
        // No upper bound: tokens left in the bucket when the measure starts may be spent in it (the server counts).
        assertTrue(rate >= bucketRate, "together at " + rate + "/s of 10/s; longest gap "
                + server.longestGap() + "; the bots said " + outputs);
        assertTrue(underWay >= windowShare && underWay <= 1.0, "together at " + underWay + " of 20 in any second; "
                + "windows began at (ms) " + server.window().windowStartsMillis() + "; the bots said " + outputs);
    }

    @Test
    void withoutTheStoreEachJvmSpendsTheWholeBudget() throws Exception {
        try (LimitedServer server = new LimitedServer(10, 10)) {
            run(dir, server, "");
            System.out.printf("SHARED no store: 4 JVMs, bucket %d accepted, %d rejected; window %d accepted, %d "
                    + "rejected%n", server.accepted(), server.rejected(), server.window().accepted(),
                    server.window().rejected());
            assertTrue(server.rejected() > 0, "four budgets against one: " + server.rejected() + " rejected");
            assertTrue(server.window().rejected() > 0, "four windows against one: " + server.window().rejected());
        }
    }

    /** When the first bot had all its requests to {@code path} answered ({@link System#nanoTime()}, as it printed). */
    static long firstFinished(List<String> outputs, String path) {
        return -latest(outputs, "finished", path, -1);
    }

    /** When the last bot had its first request to {@code path} answered ({@link System#nanoTime()}, as it printed). */
    static long lastUnderWay(List<String> outputs, String path) {
        return latest(outputs, "first answered", path, 1);
    }

    /** The largest of {@code sign} × the moment each bot printed as {@code what PATH at NANOS}. */
    private static long latest(List<String> outputs, String what, String path, int sign) {
        long latest = Long.MIN_VALUE;
        for (String output : outputs) {
            Matcher said = Pattern.compile(what + " " + Pattern.quote(path) + " at (\\d+)").matcher(output);
            assertTrue(said.find(), "the bot said when (" + what + "): " + output);
            latest = Math.max(latest, sign * Long.parseLong(said.group(1)));
        }
        return latest;
    }

    /** The four bots at the same instant, with {@code store} in their rules; what each printed. */
    static List<String> run(Path dir, LimitedServer server, String store) throws Exception {
        return finish(start(dir, server, store, List.of("/limited/shared/x", "/window/shared/x"), REQUESTS));
    }

    /** The four bots started at the same instant, each sending {@code requests} to each of {@code paths}. */
    static List<Map.Entry<Process, Path>> start(Path dir, LimitedServer server, String store, List<String> paths,
            int requests) throws Exception {
        Path rules = dir.resolve("rules-" + System.nanoTime() + ".properties");
        Files.writeString(rules, "limiter.upbit.limits = 10/s burst 10\n"
                + "limiter.kis.limits = 20/s\nlimiter.kis.mode = window\n" + store
                + "rule.upbit.match = 127.0.0.1/limited/shared/**\nrule.upbit.limiter = upbit\n"
                + "rule.kis.match = 127.0.0.1/window/shared/**\nrule.kis.limiter = kis\n");
        List<String> urls = new ArrayList<>();
        for (String path : paths) {
            urls.add(server.url(path));
        }
        List<Map.Entry<Process, Path>> bots = new ArrayList<>();
        for (int p = 0; p < PROCESSES; p++) {
            Path out = dir.resolve("out-" + p + "-" + System.nanoTime() + ".txt");
            bots.add(Map.entry(new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xshare:off", "-javaagent:" + System.getProperty("zero429.agent.jar") + "=rules=" + rules,
                    "-cp", System.getProperty("java.class.path"), ColdStartBot.class.getName(), "jdk",
                    String.join(",", urls), String.valueOf(requests), "4")
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start(), out));
        }
        return bots;
    }

    /** Waits for every bot; what each printed. */
    static List<String> finish(List<Map.Entry<Process, Path>> bots) throws Exception {
        List<String> outputs = new ArrayList<>();
        for (Map.Entry<Process, Path> bot : bots) {
            assertTrue(bot.getKey().waitFor(2, TimeUnit.MINUTES), "a bot did not finish");
            outputs.add(Files.readString(bot.getValue(), StandardCharsets.UTF_8));
        }
        return outputs;
    }
}
