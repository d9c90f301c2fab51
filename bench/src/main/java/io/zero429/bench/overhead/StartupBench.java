package io.zero429.bench.overhead;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * JVM start-up to exit of {@link OneRequestProbe}, with and without the agent, runs interleaved (the order rotates
 * every round so no setup always follows another). The loopback server lives in the driver, so the probe JVM
 * starts nothing but the client.
 */
final class StartupBench {
    static final List<Setup> SETUPS = List.of(Setup.NO_AGENT, Setup.AGENT_MATCH, Setup.AGENT_DISABLED);

    private final ChildJvm jvm;
    private final int runs;

    StartupBench(ChildJvm jvm, int runs) {
        this.jvm = jvm;
        this.runs = runs;
    }

    void run(PrintStream report) throws IOException, InterruptedException {
        Map<Setup, List<ChildJvm.Run>> results = new EnumMap<>(Setup.class);
        try (LoopbackServer server = LoopbackServer.start()) {
            String url = server.uri("/v1/ping").toString();
            // One unmeasured run each first: the jars and the CDS archive come from the page cache afterwards.
            for (Setup setup : SETUPS) {
                once(setup, server, url);
            }
            for (int round = 0; round < runs; round++) {
                for (int k = 0; k < SETUPS.size(); k++) {
                    Setup setup = SETUPS.get((round + k) % SETUPS.size());
                    results.computeIfAbsent(setup, s -> new ArrayList<>()).add(once(setup, server, url));
                }
                Progress.say("start-up round " + (round + 1) + "/" + runs);
            }
        }
        printWallTimes(report, results);
        report.println();
        printSplit(report, results);
    }

    private ChildJvm.Run once(Setup setup, LoopbackServer server, String url) throws IOException, InterruptedException {
        long before = server.served();
        ChildJvm.Run run = jvm.run(setup, OneRequestProbe.class, url);
        run.require(server.served() == before + 1, "the server did not see exactly one request");
        return run;
    }

    private void printWallTimes(PrintStream report, Map<Setup, List<ChildJvm.Run>> results) {
        List<Long> baseline = values(results.get(Setup.NO_AGENT), run -> run.wallNanos);
        double baseMedian = Stats.median(baseline);
        report.println("| JVM, process start to exit | median, ms | min | max | added: difference of medians, ms "
                + "| added: median of per-round differences, ms | every run, ms (run order) |");
        report.println("|---|---:|---:|---:|---:|---:|---|");
        for (Setup setup : SETUPS) {
            List<Long> own = values(results.get(setup), run -> run.wallNanos);
            List<Long> paired = new ArrayList<>();
            for (int i = 0; i < own.size(); i++) {
                paired.add(own.get(i) - baseline.get(i));
            }
            boolean base = setup == Setup.NO_AGENT;
            report.println("| " + setup.label + " | " + Stats.ms(Stats.median(own)) + " | " + Stats.ms(Stats.min(own))
                    + " | " + Stats.ms(Stats.max(own)) + " | "
                    + (base ? "" : "**" + Stats.signedMs(Stats.median(own) - baseMedian) + "**") + " | "
                    + (base ? "" : Stats.signedMs(Stats.median(paired))) + " | " + Stats.allMs(own) + " |");
        }
    }

    /**
     * Where the time goes: up to {@code main} (JVM boot, and the agent's premain: rules, engine, weaving) and from
     * {@code main} to exit (the request, which now loads its classes under the agent's transformer). Needs a
     * System.nanoTime shared between processes (Linux); otherwise the split is left out.
     */
    private void printSplit(PrintStream report, Map<Setup, List<ChildJvm.Run>> results) {
        ToLongFunction<ChildJvm.Run> toMain = run -> run.value("mainEntered") - run.startNanos;
        ToLongFunction<ChildJvm.Run> mainToExit = run -> run.startNanos + run.wallNanos - run.value("mainEntered");
        for (List<ChildJvm.Run> runs : results.values()) {
            for (ChildJvm.Run run : runs) {
                if (toMain.applyAsLong(run) <= 0 || mainToExit.applyAsLong(run) <= 0) {
                    report.println("(No split of the start-up: this system's System.nanoTime is not shared between "
                            + "processes.)");
                    return;
                }
            }
        }
        double baseToMain = Stats.median(values(results.get(Setup.NO_AGENT), toMain));
        double baseToExit = Stats.median(values(results.get(Setup.NO_AGENT), mainToExit));
        report.println("| JVM (medians) | start to main, ms | added, ms | main to exit (the request), ms | added, ms |");
        report.println("|---|---:|---:|---:|---:|");
        for (Setup setup : SETUPS) {
            double own = Stats.median(values(results.get(setup), toMain));
            double exit = Stats.median(values(results.get(setup), mainToExit));
            boolean base = setup == Setup.NO_AGENT;
            report.println("| " + setup.label + " | " + Stats.ms(own) + " | "
                    + (base ? "" : Stats.signedMs(own - baseToMain)) + " | " + Stats.ms(exit) + " | "
                    + (base ? "" : Stats.signedMs(exit - baseToExit)) + " |");
        }
    }

    private static List<Long> values(List<ChildJvm.Run> runs, ToLongFunction<ChildJvm.Run> figure) {
        List<Long> values = new ArrayList<>();
        for (ChildJvm.Run run : runs) {
            values.add(figure.applyAsLong(run));
        }
        return values;
    }
}
